import { ApiExtraModels, ApiProperty } from '@nestjs/swagger';
import {
  CONNECTOR_TYPES,
  HTTP_PAGINATION_STYLES,
  type ConnectorType,
  type CsvConnectorConfig,
  type HttpConnectorConfig,
  type HttpPaginationStyle,
  type PostgresConnectorConfig,
} from '@syncline/contracts';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
const IDENTIFIER_REASON = { message: 'must be a plain SQL identifier (letters, digits, _)' };
/** An identifier that may hold `{entity}`, replaced by the entity type, e.g. `stock_{entity}`. */
const ENTITY_IDENTIFIER = /^(?:[A-Za-z_]|\{entity\})(?:[A-Za-z0-9_]|\{entity\}){0,62}$/;
const ENTITY_IDENTIFIER_REASON = {
  message: 'must be a plain SQL identifier (letters, digits, _), optionally with {entity}',
};
const PATH = /^\/[\w\-./{}]*$/;
const PATH_REASON = { message: 'must be a path starting with /' };
const PARAMETER = /^[A-Za-z0-9_.\-[\]]{1,64}$/;
const PARAMETER_REASON = { message: 'must be a query parameter name (letters, digits, _ . - [ ])' };

/** The discriminator; a config with an unknown `type` is validated as this base and rejected. */
export class ConnectorConfigDto {
  @IsIn(CONNECTOR_TYPES)
  type: ConnectorType;
}

export class PostgresConnectorDto extends ConnectorConfigDto implements PostgresConnectorConfig {
  declare type: 'postgres';

  @Matches(/^postgres(ql)?:\/\/([^:@/]+@)?[^@/]+\/[A-Za-z0-9_]+$/, {
    message: 'must be a postgres:// URL without a password (put the password in the credentials)',
  })
  url: string;

  @IsOptional()
  @Matches(ENTITY_IDENTIFIER, ENTITY_IDENTIFIER_REASON)
  schema?: string;

  @Matches(ENTITY_IDENTIFIER, ENTITY_IDENTIFIER_REASON)
  table: string;

  @Matches(IDENTIFIER, IDENTIFIER_REASON)
  keyColumn: string;

  @Matches(IDENTIFIER, IDENTIFIER_REASON)
  updatedAtColumn: string;
}

export class HttpConnectorDto extends ConnectorConfigDto implements HttpConnectorConfig {
  declare type: 'http';

  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  baseUrl: string;

  @Matches(PATH, PATH_REASON)
  collectionPath: string;

  @IsString()
  @Length(1, 100)
  keyField: string;

  @IsOptional()
  @IsString()
  @Length(1, 100)
  updatedAtField?: string;

  @IsIn(HTTP_PAGINATION_STYLES)
  pagination: HttpPaginationStyle;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  pageSize?: number;

  @IsOptional()
  @Matches(/^[A-Za-z0-9-]{1,64}$/, { message: 'must be an HTTP header name' })
  authHeader?: string;

  @IsOptional()
  @IsNumber()
  @Min(0.01)
  @Max(10_000)
  requestsPerSecond?: number;

  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(600_000)
  timeoutMs?: number;

  @IsOptional()
  @Matches(PARAMETER, PARAMETER_REASON)
  updatedSinceParam?: string;

  @IsOptional()
  @Matches(PARAMETER, PARAMETER_REASON)
  cursorParam?: string;

  @IsOptional()
  @Matches(PARAMETER, PARAMETER_REASON)
  limitParam?: string;

  @IsOptional()
  @IsString()
  @Length(1, 100)
  itemsField?: string;

  @IsOptional()
  @IsString()
  @Length(1, 100)
  nextCursorField?: string;

  @IsOptional()
  @IsString()
  @Length(1, 100)
  totalField?: string;

  @IsOptional()
  @Matches(PARAMETER, PARAMETER_REASON)
  idsParam?: string;

  @IsOptional()
  @IsString()
  @Length(1, 100)
  deletedField?: string;

  @IsOptional()
  @IsString()
  @Length(1, 100)
  versionField?: string;

  @IsOptional()
  @Matches(PARAMETER, PARAMETER_REASON)
  includeDeletedParam?: string;

  @IsOptional()
  @Matches(PARAMETER, PARAMETER_REASON)
  fieldsParam?: string;

  @IsOptional()
  @Matches(PATH, PATH_REASON)
  batchPath?: string;

  @IsOptional()
  @Matches(PATH, PATH_REASON)
  checksumPath?: string;
}

export class CsvConnectorDto extends ConnectorConfigDto implements CsvConnectorConfig {
  declare type: 'csv';

  @Matches(/^\/[^\0]+\.(csv|tsv|txt)$/i, { message: 'must be an absolute path to a .csv, .tsv or .txt file' })
  path: string;

  @IsString()
  @Length(1, 100)
  keyColumn: string;

  @IsOptional()
  @Length(1, 1)
  delimiter?: string;

  @IsOptional()
  @IsString()
  @Length(1, 100)
  updatedAtColumn?: string;
}

export type ConnectorDto = PostgresConnectorDto | HttpConnectorDto | CsvConnectorDto;

/** Validates a connector configuration by its `type`, with field paths such as `remote.baseUrl`. */
export function ConnectorConfigProperty(): PropertyDecorator {
  return (target, property) => {
    // The $refs below resolve only when the three schemas are registered with the document.
    ApiExtraModels(PostgresConnectorDto, HttpConnectorDto, CsvConnectorDto)(target.constructor);
    ApiProperty({
      oneOf: [PostgresConnectorDto, HttpConnectorDto, CsvConnectorDto].map((dto) => ({
        $ref: `#/components/schemas/${dto.name}`,
      })),
      discriminator: { propertyName: 'type' },
    })(target, property);
    IsObject({ message: 'must be an object with a connector type' })(target, property);
    ValidateNested()(target, property);
    Type(() => ConnectorConfigDto, {
      keepDiscriminatorProperty: true,
      discriminator: {
        property: 'type',
        subTypes: [
          { value: PostgresConnectorDto, name: 'postgres' },
          { value: HttpConnectorDto, name: 'http' },
          { value: CsvConnectorDto, name: 'csv' },
        ],
      },
    })(target, property);
  };
}

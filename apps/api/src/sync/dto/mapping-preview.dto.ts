import { ApiPropertyOptional } from '@nestjs/swagger';
import type { FieldMapping, MappingPreviewItem, MappingPreviewRequest } from '@syncline/contracts';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsObject, IsOptional, Matches, Max, Min } from 'class-validator';

const MAX_SAMPLE = 50;

export class MappingPreviewDto implements MappingPreviewRequest {
  @Matches(/^[a-z][a-z0-9_-]{0,63}$/, { message: 'must be one of the integration entity types' })
  entityType: string;

  /** `inbound` previews remote records mapped for the local side (`toLocal`); `outbound` the other way. */
  @IsIn(['inbound', 'outbound'])
  direction: 'inbound' | 'outbound';

  /** Records to transform; without them the first records of the source side are read. */
  @ApiPropertyOptional({ type: 'array', items: { type: 'object', additionalProperties: true } })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_SAMPLE)
  @IsObject({ each: true })
  records?: Record<string, unknown>[];

  /** A mapping being edited; the saved one when absent. */
  @ApiPropertyOptional({ type: 'array', items: { type: 'object', additionalProperties: true } })
  @IsOptional()
  @IsArray()
  mapping?: FieldMapping[];

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_SAMPLE)
  limit?: number;
}

export class MappingPreviewItemResponse implements MappingPreviewItem {
  key: string | null;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  problems: { field: string; reason: string }[];
}

export class MappingPreviewResponse {
  items: MappingPreviewItemResponse[];
}

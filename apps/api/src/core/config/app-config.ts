import { plainToInstance, Transform } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/syncline';
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

/** Every setting the processes read, validated once at boot; the app refuses to start naming a bad variable. */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @Matches(/^postgres(ql)?:\/\/.+\/[A-Za-z0-9_]+$/, { message: 'must be a postgres:// URL ending in a database name' })
  DATABASE_URL = DEFAULT_DATABASE_URL;

  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Namespace for every Redis key (queues, rate limits), so several installs or test runs share one Redis. */
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'may contain letters, digits, _ and - only' })
  REDIS_PREFIX = 'syncline';

  /** Master secret from which the credential encryption key is derived. */
  @IsString({ message: 'is required: run `pnpm start` once to generate it into .env, or set it yourself' })
  @MinLength(32, { message: 'must be at least 32 characters (e.g. `openssl rand -hex 32`)' })
  APP_SECRET: string;

  /** Version stamped on data encrypted with APP_SECRET; raise it when rotating the secret. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  APP_SECRET_VERSION = 1;

  /** Earlier secrets still needed to decrypt, as `version:secret` pairs separated by commas. */
  @IsOptional()
  @Matches(/^\d+:[^,]{32,}(,\d+:[^,]{32,})*$/, { message: 'must be `version:secret` pairs separated by commas' })
  APP_SECRETS_PREVIOUS?: string;

  @IsOptional()
  @IsEmail({ require_tld: false })
  ADMIN_EMAIL?: string;

  @IsOptional()
  @MinLength(12, { message: 'must be at least 12 characters' })
  ADMIN_PASSWORD?: string;

  /** Origin of the admin app when it is served apart from the API (e.g. the Vite dev server). */
  @IsOptional()
  @IsString()
  ADMIN_ORIGIN?: string;

  /** Folder of the built admin app, served under /admin. */
  @IsOptional()
  @IsString()
  ADMIN_DIST?: string;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  SESSION_TTL_HOURS = 12;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE = 600;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_ATTEMPTS_PER_MINUTE = 10;

  /** Record logs, errors and metric samples older than this many days are dropped. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RETENTION_DAYS = 90;

  /** When set, record logs are written there as gzipped JSON lines before their partition is dropped. */
  @IsOptional()
  @IsString()
  RETENTION_ARCHIVE_DIR?: string;

  @Matches(/^\d+(kb|mb)$/, { message: 'must look like 512kb or 10mb' })
  BODY_LIMIT = '10mb';
}

export function validateConfig(raw: Record<string, unknown>): AppConfig {
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.flatMap((error) =>
      Object.values(error.constraints ?? {}).map((reason) => `  ${error.property}: ${reason}`),
    );
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return config;
}

import { plainToInstance, Transform } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateBy,
  validateSync,
} from 'class-validator';
import ipaddr from 'ipaddr.js';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/syncline';
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** Comma-separated hostnames, IP addresses or CIDR ranges. */
function IsHostList(): PropertyDecorator {
  return ValidateBy({
    name: 'isHostList',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' &&
        value
          .split(',')
          .map((entry) => entry.trim())
          .every((entry) => HOSTNAME.test(entry) || ipaddr.isValid(entry) || ipaddr.isValidCIDR(entry)),
      defaultMessage: () => 'must be hostnames, IP addresses or CIDR ranges separated by commas',
    },
  });
}

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

  /** Where people open the admin app (e.g. https://syncline.example.com/admin); notifications link there. */
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  APP_URL?: string;

  /** SMTP server for email notifications, e.g. smtps://user:pass@smtp.example.com; unset, email deliveries fail. */
  @IsOptional()
  @Matches(/^smtps?:\/\/.+/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsString()
  @MinLength(3)
  SMTP_FROM = 'Syncline <syncline@localhost>';

  /** Private, loopback and other internal webhook targets allowed anyway: hostnames, IPs or CIDR ranges. */
  @IsOptional()
  @IsHostList()
  WEBHOOK_ALLOWED_HOSTS?: string;

  /** How long one delivery attempt (a webhook request, an SMTP exchange) may take. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(120_000)
  NOTIFICATION_TIMEOUT_MS = 10_000;

  /** Tries per delivery before it is recorded failed. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  NOTIFICATION_ATTEMPTS = 5;

  /** First retry delay; each next one doubles, with jitter. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  NOTIFICATION_RETRY_DELAY_MS = 30_000;

  /** `fired` emails per channel and alert type per hour; more are recorded `rate_limited`, not sent. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  EMAIL_ALERTS_PER_TYPE_PER_HOUR = 1;

  /** New alerts notified per integration per hour; more are recorded with the reason, not notified. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  ALERTS_PER_INTEGRATION_PER_HOUR = 50;
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

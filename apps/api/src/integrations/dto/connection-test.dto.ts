import type { ConnectionCheck, ConnectionTestResult } from '@syncline/contracts';
import { IsOptional, IsString, Length } from 'class-validator';

export class ConnectionTestQueryDto {
  /** The entity type whose table, file or collection is checked; default the integration's first. */
  @IsOptional()
  @IsString()
  @Length(1, 64)
  entityType?: string;
}

export class ConnectionCheckResponse implements ConnectionCheck {
  reachable: boolean;
  /** null when the side needs no credentials or could not be reached. */
  authenticated: boolean | null;
  latencyMs: number | null;
  /** What was found, e.g. a missing table or the remote's refusal. */
  message: string;
}

export class ConnectionTestResponse implements ConnectionTestResult {
  local: ConnectionCheckResponse;
  remote: ConnectionCheckResponse;
}

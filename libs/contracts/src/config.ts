import type { SyncSettings } from './sync';

/** How long Syncline keeps what it records. */
export interface RetentionSettings {
  /** Record logs, errors, metric samples and finished notification deliveries older than this are dropped daily. */
  days: number;
}

export const RETENTION_DAYS_LIMITS = { min: 1, max: 3650 } as const;

/** The global configuration (`GET /config`). */
export interface ConfigView {
  sync: SyncSettings;
  retention: RetentionSettings;
}

/** `PUT /config`: either part or both; a part given replaces the stored one whole. */
export type UpdateConfigRequest = Partial<ConfigView>;

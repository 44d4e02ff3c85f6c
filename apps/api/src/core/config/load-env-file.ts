import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { config as loadDotenv } from 'dotenv';

/** Loads the workspace's `.env` (written by `pnpm start`) without overriding variables already set. */
export function loadEnvFile(from = __dirname): void {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) {
      loadDotenv({ path: join(dir, '.env'), quiet: true });
      return;
    }
  }
}

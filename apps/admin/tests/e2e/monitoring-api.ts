import type { CreateIntegrationRequest, SessionStatus, SessionView } from '@syncline/contracts';
import { SynclineClient } from '@syncline/sdk';

/** The typed SDK signed in as the first admin: seeds data and reads back what the browser stored. */
export async function adminClient(baseUrl: string, email: string, password: string): Promise<SynclineClient> {
  const { token } = await new SynclineClient({ baseUrl }).auth.login({ email, password });
  return new SynclineClient({ baseUrl, token, retries: 0 });
}

/** A CSV-backed integration to report syncs for; nothing in these tests connects to it. */
export function reportedIntegration(key: string, entityTypes: string[]): CreateIntegrationRequest {
  return {
    key,
    name: `Reported ${key}`,
    provider: 'spreadsheet',
    local: { type: 'csv', path: `/data/${key}-local.csv`, keyColumn: 'id' },
    remote: { type: 'csv', path: `/data/${key}-remote.csv`, keyColumn: 'id' },
    entityTypes,
  };
}

/** Reports a finished sync the way an integration does: start a session, then set its final status. */
export async function reportSync(
  client: SynclineClient,
  integrationId: string,
  entityType: string,
  status: Extract<SessionStatus, 'completed' | 'failed'>,
  processed = 0,
): Promise<SessionView> {
  const session = await client.sessions.create({ integrationId, entityType, direction: 'inbound' });
  return client.sessions.update(session.id, { status, counters: { total: processed, processed } });
}

/** For `vi.waitFor`: how long state the API settles a moment after answering may take. */
export const SETTLES = { timeout: 15_000, interval: 200 };

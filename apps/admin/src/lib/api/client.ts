import { SynclineClient } from '@syncline/sdk';

/** The one API client of the admin app: same origin, the session cookie authenticates it. */
export const api = new SynclineClient();

// Follows Syncline's live events, the way an external dashboard does: prints each one as it arrives,
// reconnecting (and catching up) by itself when the connection drops.
// Usage: SYNCLINE_URL=http://localhost:3000 SYNCLINE_API_KEY=slk_… [SYNCLINE_ROOM=integration:<uuid>] \
//        node libs/sdk/examples/follow-live.mjs            (after `pnpm build`; Ctrl+C to stop)
// SYNCLINE_STOP_AFTER=n stops after n events.
import { followLive } from '../dist/index.js';

const { SYNCLINE_URL = 'http://localhost:3000', SYNCLINE_API_KEY, SYNCLINE_ROOM = 'all' } = process.env;
const stopAfter = Number(process.env.SYNCLINE_STOP_AFTER ?? Infinity);
if (!SYNCLINE_API_KEY) {
  console.error('Set SYNCLINE_API_KEY (an API key, or a session token from POST /api/v1/auth/login)');
  process.exit(1);
}

let received = 0;
const follower = followLive({
  baseUrl: SYNCLINE_URL,
  token: SYNCLINE_API_KEY,
  room: SYNCLINE_ROOM,
  onStatus: (status) => console.error(`[${status}]`),
  onRefused: (error) => {
    console.error(`Refused: ${error}`);
    process.exit(1);
  },
  onResync: (reason) => console.error(`[resync] ${reason}`),
  onEvent: (event) => {
    const { session } = event.payload;
    const about = session
      ? `${session.entityType} ${session.status} ${session.counters.processed}/${session.counters.total}`
      : JSON.stringify(event.payload);
    console.log(`${event.at} ${event.name} ${about}`);
    if (++received >= stopAfter) {
      follower.close();
      process.exit(0);
    }
  },
});

import { SYNC_STAGES, type SessionView, type SyncStage } from '@syncline/contracts';

/**
 * - `done`: the run went through this stage;
 * - `current`: a queued or running session is in it now;
 * - `stopped`: the session failed, was cancelled or timed out in it;
 * - `pending`: not reached (yet, or at all).
 */
export type StageState = 'done' | 'current' | 'stopped' | 'pending';

export interface StageStep {
  stage: SyncStage;
  /** Milliseconds the integration reported for this stage. */
  ms: number | undefined;
  state: StageState;
}

const STOPPED_STATUSES: readonly SessionView['status'][] = ['failed', 'cancelled', 'timed_out'];

/** fetch → compare → apply → verify for one session, from its status, stage and phase timings. */
export function stageTimeline(session: Pick<SessionView, 'status' | 'stage' | 'phaseTimings'>): StageStep[] {
  const currentIndex = session.stage ? SYNC_STAGES.indexOf(session.stage) : -1;
  const active = session.status === 'queued' || session.status === 'running';
  return SYNC_STAGES.map((stage, index) => {
    const ms = session.phaseTimings[stage];
    let state: StageState;
    if (index === currentIndex && active) state = 'current';
    else if (index === currentIndex && STOPPED_STATUSES.includes(session.status)) state = 'stopped';
    else if (index <= currentIndex || ms !== undefined) state = 'done';
    else state = 'pending';
    return { stage, ms, state };
  });
}

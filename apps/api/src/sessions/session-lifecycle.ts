import {
  isTerminal,
  SESSION_COUNTERS,
  STATUS_TRANSITIONS,
  type PhaseTimings,
  type SessionCounters,
  type SessionStatus,
  type SyncStage,
  type UpdateSessionRequest,
} from '@syncline/contracts';
import { ApiException } from '../core/errors/api-exception';

export interface SessionState {
  status: SessionStatus;
  stage: SyncStage | null;
  counters: SessionCounters;
  phaseTimings: PhaseTimings;
  statusReason: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/**
 * The session's next state after a progress report. Status follows the lifecycle (an illegal move is a 409
 * naming the current status); counters only grow, so late or repeated reports cannot undo progress; a
 * finished session accepts nothing but a repeat of its final status (an idempotent retry).
 */
export function applySessionUpdate(current: SessionState, update: UpdateSessionRequest, now: Date): SessionState {
  const status = update.status ?? current.status;
  if (isTerminal(current.status)) {
    const repeatsFinalStatus = status === current.status && !update.stage && !update.counters && !update.phaseTimings;
    if (repeatsFinalStatus) return current;
    throw new ApiException('conflict', `The session is already ${current.status}`, [
      { field: 'status', reason: `is ${current.status}, a final status` },
    ]);
  }
  if (status !== current.status && !STATUS_TRANSITIONS[current.status].includes(status)) {
    throw new ApiException('conflict', `A ${current.status} session cannot become ${status}`, [
      { field: 'status', reason: `cannot move from ${current.status} to ${status}` },
    ]);
  }
  return {
    status,
    stage: update.stage ?? current.stage,
    counters: mergeCounters(current.counters, update.counters ?? {}),
    phaseTimings: { ...current.phaseTimings, ...update.phaseTimings },
    statusReason: update.statusReason ?? current.statusReason,
    startedAt: current.startedAt ?? (status === 'queued' ? null : now),
    finishedAt: isTerminal(status) ? now : null,
  };
}

export function mergeCounters(current: SessionCounters, reported: Partial<SessionCounters>): SessionCounters {
  const merged = { ...current };
  for (const counter of SESSION_COUNTERS) merged[counter] = Math.max(current[counter], reported[counter] ?? 0);
  return merged;
}

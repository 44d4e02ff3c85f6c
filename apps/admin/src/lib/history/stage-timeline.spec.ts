import type { SessionView } from '@syncline/contracts';
import { describe, expect, it } from 'vitest';
import { stageTimeline } from './stage-timeline';

type Subject = Pick<SessionView, 'status' | 'stage' | 'phaseTimings'>;

function session(overrides: Partial<Subject> = {}): Subject {
  return { status: 'running', stage: null, phaseTimings: {}, ...overrides };
}

const states = (subject: Subject) => stageTimeline(subject).map((step) => step.state);

describe('stageTimeline', () => {
  it('lists the four stages in order with their reported timings', () => {
    const sut = stageTimeline(session({ status: 'completed', phaseTimings: { fetch: 120, apply: 300 } }));

    expect(sut).toEqual([
      { stage: 'fetch', ms: 120, state: 'done' },
      { stage: 'compare', ms: undefined, state: 'pending' },
      { stage: 'apply', ms: 300, state: 'done' },
      { stage: 'verify', ms: undefined, state: 'pending' },
    ]);
  });

  it('highlights the stage a running session is in, with the earlier ones done', () => {
    expect(states(session({ stage: 'apply' }))).toEqual(['done', 'done', 'current', 'pending']);
  });

  it('marks where a failed, cancelled or timed-out session stopped', () => {
    expect(states(session({ status: 'failed', stage: 'compare' }))).toEqual(['done', 'stopped', 'pending', 'pending']);
    expect(states(session({ status: 'timed_out', stage: 'fetch' }))[0]).toBe('stopped');
  });

  it('counts the last stage of a completed or partial session as done', () => {
    expect(states(session({ status: 'completed', stage: 'verify' }))).toEqual(['done', 'done', 'done', 'done']);
    expect(states(session({ status: 'partial', stage: 'apply' }))).toEqual(['done', 'done', 'done', 'pending']);
  });

  it('shows a queued session without a stage as not started', () => {
    expect(states(session({ status: 'queued' }))).toEqual(['pending', 'pending', 'pending', 'pending']);
  });
});

import { describe, expect, it } from 'vitest';
import {
  bulkItemOutcomes,
  bulkSyncRequests,
  cancellable,
  describeOutcome,
  failureKind,
  retryable,
  summarizeBulk,
} from './bulk';
import { integrationView, sessionView } from './test-factories';

describe('bulkItemOutcomes', () => {
  it('lines up the answers by index and counts an unanswered item as failed', () => {
    const sut = bulkItemOutcomes(3, [
      { index: 1, ok: false, error: { statusCode: 409, message: 'A sync of crm lead is already running (session x)' } },
      { index: 0, ok: true, sessionId: 's-1' },
    ]);

    expect(sut).toEqual([
      { ok: true, sessionId: 's-1' },
      { ok: false, kind: 'already_running', message: 'A sync of crm lead is already running (session x)' },
      { ok: false, kind: 'failed', message: 'The API did not answer for this one.' },
    ]);
  });
});

describe('failureKind', () => {
  it.each([
    [409, 'A sync of dealer-stock vehicle is already queued (session 1)', 'already_running'],
    [409, 'The sync is already completed', 'already_finished'],
    [409, 'The sync is still running', 'still_running'],
    [409, 'This session was reported by an integration; Syncline did not run it', 'not_engine'],
    [409, 'Integration crm is paused', 'failed'],
    [404, 'Session 1 not found', 'failed'],
  ] as const)('reads %i “%s” as %s', (status, message, kind) => {
    expect(failureKind(status, message)).toBe(kind);
  });
});

describe('summarizeBulk', () => {
  const started = { ok: true, sessionId: 's' } as const;
  const running = { ok: false, kind: 'already_running', message: '' } as const;

  it('counts what happened, successes first', () => {
    expect(summarizeBulk('trigger', [running, started, started, started])).toBe('3 started, 1 already running');
  });

  it('names the outcome after the action and adds what was left out', () => {
    const finished = { ok: false, kind: 'already_finished', message: '' } as const;

    expect(summarizeBulk('cancel', [started, started, finished], 1)).toBe('2 cancelled, 1 already finished, 1 skipped');
    expect(summarizeBulk('retry', [started])).toBe('1 retried');
  });

  it('says so when nothing was asked for', () => {
    expect(summarizeBulk('trigger', [])).toBe('Nothing to do');
  });
});

describe('describeOutcome', () => {
  it('says in a few words what happened to one item, or the API’s reason when it is not a known one', () => {
    expect(describeOutcome('trigger', { ok: true, sessionId: 's' })).toBe('started');
    expect(
      describeOutcome('cancel', { ok: false, kind: 'already_finished', message: 'The sync is already completed' }),
    ).toBe('already finished');
    expect(describeOutcome('trigger', { ok: false, kind: 'failed', message: 'Integration crm is paused' })).toBe(
      'Integration crm is paused',
    );
  });
});

describe('bulkSyncRequests', () => {
  it('asks for every mapped entity of each integration in its usual direction, and leaves out the ones that cannot sync', () => {
    const dealer = integrationView({
      entities: [
        { entityType: 'vehicle', localKey: 'id', remoteKey: 'id', toLocal: [], toRemote: [], direction: 'inbound' },
        { entityType: 'lead', localKey: 'id', remoteKey: 'id', toLocal: [], toRemote: [] },
      ],
    });
    const paused = integrationView({ id: 'paused-1', key: 'paused', status: 'paused' });
    const unmapped = integrationView({ id: 'unmapped-1', key: 'unmapped', entities: [] });

    const sut = bulkSyncRequests([dealer, paused, unmapped]);

    expect(sut.syncs).toEqual([
      { integrationId: dealer.id, entityType: 'vehicle', direction: 'inbound', mode: 'incremental' },
      { integrationId: dealer.id, entityType: 'lead', direction: 'bidirectional', mode: 'incremental' },
    ]);
    expect(sut.owners).toEqual([dealer.id, dealer.id]);
    expect(sut.skipped.map(({ integration, reason }) => [integration.key, reason])).toEqual([
      ['paused', 'The integration is paused; activate it first'],
      ['unmapped', 'Configure a field mapping first'],
    ]);
  });
});

describe('which sessions a bulk action can take', () => {
  it('retries finished runs of the engine and cancels unfinished ones; reported sessions take neither', () => {
    const running = sessionView({ status: 'running' });
    const failed = sessionView({ status: 'failed' });
    const reported = sessionView({ status: 'failed', mode: null });

    expect([running, failed, reported].map(retryable)).toEqual([false, true, false]);
    expect([running, failed, reported].map(cancellable)).toEqual([true, false, false]);
  });
});

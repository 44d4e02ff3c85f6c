import type { MeView } from '@syncline/contracts';
import { describe, expect, it } from 'vitest';
import { SessionState } from './session.svelte';

function me(overrides: Partial<MeView> = {}): MeView {
  return { kind: 'user', id: 'u1', name: 'Ada', role: 'viewer', integrationIds: null, ...overrides };
}

describe('SessionState', () => {
  it('grants nothing before sign-in', () => {
    const sut = new SessionState();

    expect(sut.isAdmin).toBe(false);
    expect(sut.can('viewer')).toBe(false);
  });

  it('grants an operator operator rights but not admin rights', () => {
    const sut = new SessionState();
    sut.signedIn(me({ role: 'operator' }));

    expect(sut.can('viewer')).toBe(true);
    expect(sut.can('operator')).toBe(true);
    expect(sut.isAdmin).toBe(false);
  });

  it('recognises an admin and forgets them on sign-out', () => {
    const sut = new SessionState();
    sut.signedIn(me({ role: 'admin' }));
    expect(sut.isAdmin).toBe(true);

    sut.clear();
    expect(sut.isAdmin).toBe(false);
  });
});

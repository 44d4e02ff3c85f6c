import type { SessionView } from '@syncline/contracts';
import { SvelteMap, SvelteSet } from 'svelte/reactivity';
import { resolve } from '$app/paths';
import { cancelSessions, retrySessions, type BulkResult } from '$lib/actions/bulk-actions';
import { cancellable, describeOutcome, retryable } from '$lib/sync/bulk';

export interface RowOutcome {
  ok: boolean;
  text: string;
  /** The retry's new session, to open. */
  href?: string;
}

/** What History's bulk controls have selected, and how the last retry or cancel went for each session. */
export class SessionBulk {
  readonly selected = new SvelteSet<string>();
  readonly outcomes = new SvelteMap<string, RowOutcome>();
  summary = $state<string | null>(null);
  busy = $state<'retry' | 'cancel' | null>(null);

  /** Sessions a bulk action can take: Syncline's own runs (reported ones are the integration's to retry). */
  selectable(sessions: readonly SessionView[]): SessionView[] {
    return sessions.filter((session) => retryable(session) || cancellable(session));
  }

  chosen(sessions: readonly SessionView[]): SessionView[] {
    return sessions.filter((session) => this.selected.has(session.id));
  }

  select(id: string, on: boolean): void {
    if (on) this.selected.add(id);
    else this.selected.delete(id);
  }

  selectAll(sessions: readonly SessionView[], on: boolean): void {
    this.selected.clear();
    if (on) for (const session of this.selectable(sessions)) this.selected.add(session.id);
  }

  async retry(sessions: readonly SessionView[]): Promise<void> {
    await this.#run('retry', sessions.filter(retryable), retrySessions);
  }

  async cancel(sessions: readonly SessionView[]): Promise<boolean> {
    return this.#run('cancel', sessions.filter(cancellable), cancelSessions);
  }

  async #run(
    action: 'retry' | 'cancel',
    sessions: SessionView[],
    send: (sessions: SessionView[]) => Promise<{ ok: true; value: BulkResult } | { ok: false }>,
  ): Promise<boolean> {
    this.busy = action;
    const result = await send(sessions);
    this.busy = null;
    if (!result.ok) return false;
    this.summary = result.value.summary;
    result.value.outcomes.forEach((outcome, index) => {
      const { id } = sessions[index];
      const href =
        outcome.ok && action === 'retry' ? resolve('/(app)/history/[id]', { id: outcome.sessionId }) : undefined;
      const text = outcome.ok && action === 'retry' ? 'Retry queued' : describeOutcome(action, outcome);
      this.outcomes.set(id, { ok: outcome.ok, text: text.charAt(0).toUpperCase() + text.slice(1), href });
      if (outcome.ok) this.selected.delete(id);
    });
    return true;
  }
}

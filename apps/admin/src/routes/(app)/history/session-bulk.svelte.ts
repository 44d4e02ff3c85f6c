import type { SessionView } from '@syncline/contracts';
import { resolve } from '$app/paths';
import { cancelSessions, retrySessions } from '$lib/actions/bulk-actions';
import { capitalize } from '$lib/format';
import { Selection } from '$lib/state/selection.svelte';
import { cancellable, describeOutcome, retryable } from '$lib/sync/bulk';

type SessionAction = 'retry' | 'cancel';

/** What History's bulk controls have selected, and how the last retry or cancel went for each session. */
export class SessionBulk extends Selection<SessionAction> {
  /** Sessions a bulk action can take: Syncline's own runs (reported ones are the integration's to retry). */
  selectable(sessions: readonly SessionView[]): SessionView[] {
    return sessions.filter((session) => retryable(session) || cancellable(session));
  }

  async retry(sessions: readonly SessionView[]): Promise<void> {
    await this.#send('retry', sessions.filter(retryable));
  }

  async cancel(sessions: readonly SessionView[]): Promise<boolean> {
    return this.#send('cancel', sessions.filter(cancellable));
  }

  async #send(action: SessionAction, sessions: SessionView[]): Promise<boolean> {
    const result = await this.run(action, () => (action === 'retry' ? retrySessions : cancelSessions)(sessions));
    if (!result.ok) return false;
    result.value.outcomes.forEach((outcome, index) => {
      const retried = outcome.ok && action === 'retry';
      this.settle(sessions[index].id, {
        ok: outcome.ok,
        text: retried ? 'Retry queued' : capitalize(describeOutcome(action, outcome)),
        href: retried ? resolve('/(app)/history/[id]', { id: outcome.sessionId }) : undefined,
      });
    });
    return true;
  }
}

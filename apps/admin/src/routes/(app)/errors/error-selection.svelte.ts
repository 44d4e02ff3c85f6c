import type { ErrorAction, ErrorItemView } from '@syncline/contracts';
import { resolve } from '$app/paths';
import type { ActionResult } from '$lib/actions/action-result';
import { actOnErrors, type ErrorBulkResult } from '$lib/actions/error-actions';
import { canRetry, describeErrorOutcome } from '$lib/errors/error-bulk';
import { capitalize } from '$lib/format';
import { Selection } from '$lib/state/selection.svelte';

/** What the errors list has selected, and how the last action went for each error. */
export class ErrorSelection extends Selection<ErrorAction> {
  /** Retry takes only the errors that can be retried; the others keep their selection. */
  async act(
    errors: readonly ErrorItemView[],
    action: ErrorAction,
    note?: string,
  ): Promise<ActionResult<ErrorBulkResult>> {
    const targets = action === 'retry' ? errors.filter(canRetry) : [...errors];
    const result = await this.run(action, () => actOnErrors(targets, action, note));
    if (!result.ok) return result;
    for (const error of targets) {
      const outcome = result.value.outcomes.get(error.id);
      if (!outcome) continue;
      this.settle(error.id, {
        ok: outcome.ok,
        text: capitalize(describeErrorOutcome(action, outcome)),
        href: outcome.ok && outcome.sessionId ? runHref(outcome.sessionId) : undefined,
      });
    }
    return result;
  }

  /** Shows a single action's outcome beside its row too. */
  recordRetry(id: string, sessionId: string): void {
    this.outcomes.set(id, { ok: true, text: 'Retry queued', href: runHref(sessionId) });
  }
}

const runHref = (sessionId: string) => resolve('/(app)/history/[id]', { id: sessionId });

import type { ErrorAction, ErrorItemView } from '@syncline/contracts';
import { SvelteMap, SvelteSet } from 'svelte/reactivity';
import { resolve } from '$app/paths';
import type { ActionResult } from '$lib/actions/action-result';
import { actOnErrors, type ErrorBulkResult } from '$lib/actions/error-actions';
import { canRetry, describeErrorOutcome } from '$lib/errors/error-bulk';

export interface RowOutcome {
  ok: boolean;
  text: string;
  /** The retry's session, to open. */
  href?: string;
}

/** What the errors list has selected, and how the last action went for each error. */
export class ErrorSelection {
  readonly selected = new SvelteSet<string>();
  readonly outcomes = new SvelteMap<string, RowOutcome>();
  summary = $state<string | null>(null);
  busy = $state<ErrorAction | null>(null);

  chosen(errors: readonly ErrorItemView[]): ErrorItemView[] {
    return errors.filter((error) => this.selected.has(error.id));
  }

  select(id: string, on: boolean): void {
    if (on) this.selected.add(id);
    else this.selected.delete(id);
  }

  selectAll(errors: readonly ErrorItemView[], on: boolean): void {
    this.selected.clear();
    if (on) for (const error of errors) this.selected.add(error.id);
  }

  /** Retry takes only the errors that can be retried; the others keep their selection. */
  async act(
    errors: readonly ErrorItemView[],
    action: ErrorAction,
    note?: string,
  ): Promise<ActionResult<ErrorBulkResult>> {
    const targets = action === 'retry' ? errors.filter(canRetry) : [...errors];
    this.busy = action;
    const result = await actOnErrors(targets, action, note);
    this.busy = null;
    if (!result.ok) return result;
    this.summary = result.value.summary;
    for (const error of targets) this.#record(error.id, action, result.value);
    return result;
  }

  /** Shows a single action's outcome beside its row too. */
  recordRetry(id: string, sessionId: string): void {
    this.outcomes.set(id, { ok: true, text: 'Retry queued', href: runHref(sessionId) });
  }

  #record(id: string, action: ErrorAction, result: ErrorBulkResult): void {
    const outcome = result.outcomes.get(id);
    if (!outcome) return;
    const text = describeErrorOutcome(action, outcome);
    const href = outcome.ok && outcome.sessionId ? runHref(outcome.sessionId) : undefined;
    this.outcomes.set(id, { ok: outcome.ok, text: text.charAt(0).toUpperCase() + text.slice(1), href });
    if (outcome.ok) this.selected.delete(id);
  }
}

const runHref = (sessionId: string) => resolve('/(app)/history/[id]', { id: sessionId });

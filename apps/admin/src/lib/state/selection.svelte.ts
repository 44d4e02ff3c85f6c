import { SvelteMap, SvelteSet } from 'svelte/reactivity';
import type { ActionResult } from '$lib/actions/action-result';

/** How the last bulk action went for one row, shown beside it. */
export interface RowOutcome {
  ok: boolean;
  text: string;
  /** Where to follow it, e.g. the session a retry started. */
  href?: string;
}

/** The rows of a list picked for a bulk action (by id), and how the last action went for each. */
export class Selection<Action extends string> {
  readonly selected = new SvelteSet<string>();
  readonly outcomes = new SvelteMap<string, RowOutcome>();
  summary = $state<string | null>(null);
  busy = $state<Action | null>(null);

  /** The listed rows that are selected: only what is still listed counts, whatever was ticked before a reload. */
  chosen<Row extends { id: string }>(rows: readonly Row[]): Row[] {
    return rows.filter((row) => this.selected.has(row.id));
  }

  select(id: string, on: boolean): void {
    if (on) this.selected.add(id);
    else this.selected.delete(id);
  }

  /** Selects these rows (the ones an action can take) or none. */
  selectAll(rows: readonly { id: string }[], on: boolean): void {
    this.selected.clear();
    if (on) for (const row of rows) this.selected.add(row.id);
  }

  /** Sends one bulk action, busy meanwhile; its summary is shown once it answers. */
  async run<T extends { summary: string }>(
    action: Action,
    send: () => Promise<ActionResult<T>>,
  ): Promise<ActionResult<T>> {
    this.busy = action;
    const result = await send();
    this.busy = null;
    if (result.ok) this.summary = result.value.summary;
    return result;
  }

  /** Shows a row's outcome; a row the action succeeded for is no longer selected. */
  settle(id: string, outcome: RowOutcome): void {
    this.outcomes.set(id, outcome);
    if (outcome.ok) this.selected.delete(id);
  }
}

import type { MappingPreviewItem, MappingPreviewRequest } from '@syncline/contracts';
import { SynclineApiError } from '@syncline/sdk';
import { describeError, type FieldErrors } from '$lib/api/api-errors';
import { toFormPath, type FieldMappings, type MappingSide } from '$lib/forms/mapping-form';
import { previewRecords, type PreviewRecord } from '$lib/forms/mapping-preview';
import { browserTimers, type Timers } from './live-env';

export const PREVIEW_DEBOUNCE_MS = 400;
export const PREVIEW_SAMPLE_SIZE = 5;

export type PreviewLoad = (request: MappingPreviewRequest) => Promise<MappingPreviewItem[]>;

export interface PreviewInput {
  entityType: string;
  side: MappingSide;
  /** The mapping being edited, or null while the form cannot make one (its reasons are at the rows). */
  mapping: FieldMappings | null;
  /** Where the mapping's rows sit in the form, e.g. `entities.vehicle.toLocal`: the API's reasons land there. */
  at: string;
}

/**
 * The live preview of one mapping being edited: a burst of edits costs one request, an answer that
 * arrives after a newer edit is dropped. The first answer's source records are kept as the samples,
 * so every later preview maps the same records and only the mapping changes what is shown.
 */
export class MappingPreview {
  status = $state<'idle' | 'loading' | 'ready' | 'failed'>('idle');
  records = $state.raw<PreviewRecord[]>([]);
  /** The API's reasons for the mapping sent, at the form's field paths. */
  fieldErrors = $state.raw<FieldErrors>({});
  /** Why there is no preview, when it is not a field's fault (e.g. the remote side did not answer). */
  message = $state<string | null>(null);

  #samples: Record<string, unknown>[] | null = null;
  #timer: unknown = null;
  #sequence = 0;
  #last: PreviewInput | null = null;

  constructor(
    private readonly load: PreviewLoad,
    private readonly timers: Timers = browserTimers,
    private readonly debounceMs = PREVIEW_DEBOUNCE_MS,
  ) {}

  /** Previews this mapping once edits pause. */
  update(input: PreviewInput): void {
    this.#last = input;
    if (this.#timer !== null) this.timers.clear(this.#timer);
    this.#timer = this.timers.set(() => {
      this.#timer = null;
      void this.#run(input);
    }, this.debounceMs);
  }

  /** Reads new sample records from the source side, now. */
  reloadSamples(): void {
    this.#samples = null;
    if (this.#timer !== null) this.timers.clear(this.#timer);
    this.#timer = null;
    if (this.#last) void this.#run(this.#last);
  }

  dispose(): void {
    if (this.#timer !== null) this.timers.clear(this.#timer);
    this.#timer = null;
    this.#sequence++;
  }

  async #run(input: PreviewInput): Promise<void> {
    const sequence = ++this.#sequence;
    if (!input.mapping) {
      // Nothing to send; the form shows why at the rows. What was previewed last stays, marked stale.
      this.status = this.records.length > 0 ? 'ready' : 'idle';
      return;
    }
    const sent = input.mapping;
    this.status = 'loading';
    try {
      const items = await this.load({
        entityType: input.entityType,
        direction: input.side === 'toLocal' ? 'inbound' : 'outbound',
        mapping: sent.mapping,
        ...(this.#samples ? { records: this.#samples } : { limit: PREVIEW_SAMPLE_SIZE }),
      });
      if (sequence !== this.#sequence) return;
      this.#samples ??= items.map((item) => item.before);
      this.records = previewRecords(items, sent);
      this.fieldErrors = {};
      this.message = null;
      this.status = 'ready';
    } catch (error) {
      if (sequence !== this.#sequence) return;
      const fields = fieldErrors(error, input.at, sent.rows);
      this.fieldErrors = fields;
      this.message = Object.keys(fields).length > 0 ? null : describeError(error);
      this.status = 'failed';
    }
  }
}

/** The reasons of a refused preview (`mapping.2.transforms.0.decimals`) at the rows they belong to. */
function fieldErrors(error: unknown, at: string, rows: readonly number[]): FieldErrors {
  if (!(error instanceof SynclineApiError) || error.status !== 400) return {};
  const fields: FieldErrors = {};
  for (const detail of error.body.details ?? []) {
    const path = toFormPath(detail.field, 'mapping', at, rows);
    if (path) fields[path] ??= detail.reason;
  }
  return fields;
}

import type { ErrorDetail } from '@syncline/contracts';
import type { FieldErrors } from '$lib/api/api-errors';

export interface ActionFailure {
  ok: false;
  message: string;
  /** Reasons to show beside the named inputs. */
  fields: FieldErrors;
  /** Reasons for inputs the form does not show, for its error summary. */
  unmatched: ErrorDetail[];
  status?: number;
}

export type ActionResult<T> = { ok: true; value: T } | ActionFailure;

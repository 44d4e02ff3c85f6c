import { goto } from '$app/navigation';
import { resolve } from '$app/paths';
import { describeError, isUnauthenticated, toFieldErrors } from '$lib/api/api-errors';
import { session } from '$lib/state/session.svelte';
import { toasts } from '$lib/state/toasts.svelte';
import { SynclineApiError } from '@syncline/sdk';
import type { ActionFailure } from './action-result';

/**
 * The one place an API failure becomes something a person sees: an expired session goes to
 * sign-in, reasons the form can show stay at their fields, anything else becomes a toast.
 */
export function handleError(error: unknown, formFields: readonly string[] = []): ActionFailure {
  const { fields, unmatched } = toFieldErrors(error, formFields);
  const message = describeError(error);
  const status = error instanceof SynclineApiError ? error.status : undefined;

  if (isUnauthenticated(error)) {
    session.clear();
    toasts.info('Your session has ended. Please sign in again.');
    void goto(resolve('/login'));
  } else if (Object.keys(fields).length === 0) {
    toasts.error(message);
  }
  return { ok: false, message, fields, unmatched, status };
}

/** A failure found before calling the API, shown the same way as the API's own validation. */
export function invalidInput(fields: Record<string, string>): ActionFailure {
  return { ok: false, message: 'Some fields need attention.', fields, unmatched: [] };
}

/** For data a page shows inline when it fails to load: only an ended session needs handling here. */
export function handleLoadError(error: unknown): void {
  if (isUnauthenticated(error)) handleError(error);
}

import { error, redirect } from '@sveltejs/kit';
import { resolve } from '$app/paths';
import { SynclineApiError } from '@syncline/sdk';
import { session } from '$lib/state/session.svelte';
import { describeError, isUnauthenticated } from './api-errors';

/**
 * Turns a failed load into SvelteKit's outcome: sign-in for an ended session, the error page
 * (with the API's reason) for anything else. `redirectTo` brings the person back after sign-in.
 */
export function failLoad(cause: unknown, url: URL, notFoundMessage = 'This page does not exist.'): never {
  if (isUnauthenticated(cause)) {
    session.clear();
    const here = url.pathname + url.search;
    const back = url.pathname === resolve('/') ? '' : `?redirectTo=${encodeURIComponent(here)}`;
    redirect(307, `${resolve('/login')}${back}`);
  }
  if (cause instanceof SynclineApiError) {
    // A malformed id in the address (400 on `id`) is, to the person, a page that does not exist.
    if (cause.status === 404 || (cause.status === 400 && cause.reasonFor('id'))) error(404, notFoundMessage);
    if (cause.status === 403) error(403, describeError(cause));
  }
  error(503, describeError(cause));
}

import { goto } from '$app/navigation';
import { resolve } from '$app/paths';
import { api } from '$lib/api/client';
import { describeError } from '$lib/api/api-errors';
import { session } from '$lib/state/session.svelte';
import { toasts } from '$lib/state/toasts.svelte';
import { handleError } from './handle-error';

/** Signs in and goes to `redirectTo` (a path inside the app) or the dashboard; returns the error to show. */
export async function signIn(email: string, password: string, redirectTo: string | null): Promise<string | null> {
  try {
    await api.auth.login({ email: email.trim(), password });
  } catch (error) {
    // A wrong password is a 401 too: it belongs on the form, not in a redirect to sign-in.
    return describeError(error);
  }
  await goto(safeRedirect(redirectTo) ?? resolve('/'), { invalidateAll: true });
  return null;
}

export async function signOut(): Promise<void> {
  try {
    await api.auth.logout();
  } catch (error) {
    handleError(error);
    return;
  }
  session.clear();
  toasts.info('You have signed out.');
  await goto(resolve('/login'), { invalidateAll: true });
}

/** Only same-app paths, so a crafted link cannot send someone elsewhere after sign-in. */
export function safeRedirect(target: string | null): string | null {
  if (!target || !target.startsWith(resolve('/'))) return null;
  if (target.startsWith(resolve('/login'))) return null;
  return target;
}

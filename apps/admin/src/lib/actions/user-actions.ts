import type { CreateUserRequest, UpdateUserRequest, UserView } from '@syncline/contracts';
import { api } from '$lib/api/client';
import { toasts } from '$lib/state/toasts.svelte';
import type { ActionResult } from './action-result';
import { handleError } from './handle-error';

export const USER_FORM_FIELDS = ['name', 'email', 'role', 'password'] as const;

export async function createUser(request: CreateUserRequest): Promise<ActionResult<UserView>> {
  try {
    const user = await api.users.create(request);
    toasts.success(`${user.name} can now sign in as ${user.role}.`);
    return { ok: true, value: user };
  } catch (error) {
    return handleError(error, USER_FORM_FIELDS);
  }
}

export async function updateUser(
  user: UserView,
  changes: UpdateUserRequest,
  successMessage: string,
): Promise<ActionResult<UserView>> {
  try {
    const updated = await api.users.update(user.id, changes);
    toasts.success(successMessage);
    return { ok: true, value: updated };
  } catch (error) {
    return handleError(error);
  }
}

export async function deleteUser(user: UserView): Promise<ActionResult<void>> {
  try {
    await api.users.remove(user.id);
    toasts.success(`${user.name} was deleted.`);
    return { ok: true, value: undefined };
  } catch (error) {
    return handleError(error);
  }
}

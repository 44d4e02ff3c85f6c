import type { ActionResult } from '$lib/actions/action-result';
import type { FieldErrors } from '$lib/api/api-errors';

/**
 * A create-or-edit dialog's state: the form, filled afresh each time the dialog opens, and the
 * reasons its save brought back, by field.
 */
export class EditorForm<F, T> {
  form: F;
  errors = $state<FieldErrors>({});

  constructor(initial: F) {
    this.form = $state(initial);
  }

  /** Opens on `form`, without the reasons of the last attempt. */
  start(form: F): void {
    this.form = form;
    this.errors = {};
  }

  /** Saves; on success hands the saved value on, otherwise keeps the reasons to show. Resolves to success. */
  async save(save: (form: F) => Promise<ActionResult<T>>, onsaved: (value: T) => void): Promise<boolean> {
    const result = await save(this.form);
    if (result.ok) onsaved(result.value);
    else this.errors = result.fields;
    return result.ok;
  }
}

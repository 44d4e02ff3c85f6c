import { describe, expect, it, vi } from 'vitest';
import { EditorForm } from './editor-form.svelte';

describe('EditorForm', () => {
  it('hands the saved value on and forgets earlier reasons when started again', async () => {
    const sut = new EditorForm({ name: '' });
    const onsaved = vi.fn();

    const refused = await sut.save(
      async () => ({ ok: false, message: 'Invalid', fields: { name: 'is required' }, unmatched: [] }),
      onsaved,
    );
    expect(refused).toBe(false);
    expect(sut.errors).toEqual({ name: 'is required' });

    sut.start({ name: 'Ops' });
    expect(sut.errors).toEqual({});
    const saved = await sut.save(async (form) => ({ ok: true, value: { id: '1', ...form } }), onsaved);

    expect(saved).toBe(true);
    expect(onsaved).toHaveBeenCalledWith({ id: '1', name: 'Ops' });
  });
});

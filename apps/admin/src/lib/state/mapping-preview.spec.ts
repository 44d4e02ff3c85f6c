import type { MappingPreviewItem, MappingPreviewRequest } from '@syncline/contracts';
import { SynclineApiError } from '@syncline/sdk';
import { describe, expect, it, vi } from 'vitest';
import { MappingPreview, PREVIEW_DEBOUNCE_MS, type PreviewInput } from './mapping-preview.svelte';
import { manualTimers } from './test-doubles';

const mazda = { id: 'v-1', make: 'Mazda' };

function input(transform: 'uppercase' | 'lowercase' | null = null): PreviewInput {
  return {
    entityType: 'vehicle',
    side: 'toLocal',
    at: 'entities.vehicle.toLocal',
    mapping: {
      mapping: [{ from: 'make', to: 'make', ...(transform ? { transforms: [{ type: transform }] } : {}) }],
      rows: [1],
    },
  };
}

/** The API's preview, applying the one transform these tests use. */
function answer(request: MappingPreviewRequest): MappingPreviewItem[] {
  const records = request.records ?? [mazda];
  const transform = request.mapping?.[0]?.transforms?.[0]?.type;
  return records.map((before) => {
    const make = String(before.make);
    const after =
      transform === 'uppercase' ? make.toUpperCase() : transform === 'lowercase' ? make.toLowerCase() : make;
    return { key: String(before.id), before, after: { make: after }, problems: [] };
  });
}

async function settle() {
  await new Promise((resolve) => setTimeout(resolve, 0));
}

describe('MappingPreview', () => {
  it('asks once edits pause, then maps the same sample records on every later edit', async () => {
    const timers = manualTimers();
    const load = vi.fn(async (request: MappingPreviewRequest) => answer(request));
    const sut = new MappingPreview(load, timers);

    sut.update(input());
    sut.update(input('lowercase'));
    sut.update(input('uppercase'));
    expect(timers.delays()).toEqual([PREVIEW_DEBOUNCE_MS]);
    timers.fire();
    await settle();
    sut.update(input('lowercase'));
    timers.fire();
    await settle();

    expect(load.mock.calls.map(([request]) => request)).toEqual([
      {
        entityType: 'vehicle',
        direction: 'inbound',
        mapping: [{ from: 'make', to: 'make', transforms: [{ type: 'uppercase' }] }],
        limit: 5,
      },
      {
        entityType: 'vehicle',
        direction: 'inbound',
        mapping: [{ from: 'make', to: 'make', transforms: [{ type: 'lowercase' }] }],
        records: [mazda],
      },
    ]);
    expect(sut.status).toBe('ready');
    expect(sut.records[0].fields[0]).toMatchObject({ row: 1, source: 'Mazda', result: 'mazda', changed: true });
  });

  it('drops an answer that arrives after a newer edit was sent', async () => {
    const timers = manualTimers();
    const pending: ((items: MappingPreviewItem[]) => void)[] = [];
    const requests: MappingPreviewRequest[] = [];
    const load = (request: MappingPreviewRequest) => {
      requests.push(request);
      return new Promise<MappingPreviewItem[]>((resolve) => pending.push(resolve));
    };
    const sut = new MappingPreview(load, timers);

    sut.update(input('lowercase'));
    timers.fire();
    sut.update(input('uppercase'));
    timers.fire();
    pending[1](answer(requests[1]));
    await settle();
    pending[0](answer(requests[0]));
    await settle();

    expect(sut.records[0].fields[0].result).toBe('MAZDA');
  });

  it('puts the API’s reasons for a refused mapping at the form rows they are about', async () => {
    const timers = manualTimers();
    const refused = new SynclineApiError({
      statusCode: 400,
      error: 'validation_failed',
      message: 'Validation failed',
      details: [{ field: 'mapping.0.transforms.0.decimals', reason: 'must be <= 10' }],
    });
    const sut = new MappingPreview(() => Promise.reject(refused), timers);

    sut.update(input());
    timers.fire();
    await settle();

    expect(sut.status).toBe('failed');
    expect(sut.fieldErrors).toEqual({ 'entities.vehicle.toLocal.1.transforms.0.decimals': 'must be <= 10' });
    expect(sut.message).toBeNull();
  });

  it('says why when the source side cannot be read', async () => {
    const timers = manualTimers();
    const unreachable = new SynclineApiError({
      statusCode: 502,
      error: 'service_unavailable',
      message: 'The remote side did not answer',
      details: [],
    });
    const sut = new MappingPreview(() => Promise.reject(unreachable), timers);

    sut.update(input());
    timers.fire();
    await settle();

    expect(sut.message).toBe('The remote side did not answer');
    expect(sut.fieldErrors).toEqual({});
  });

  it('sends nothing while the form cannot make a mapping', async () => {
    const timers = manualTimers();
    const load = vi.fn(async (request: MappingPreviewRequest) => answer(request));
    const sut = new MappingPreview(load, timers);

    sut.update({ ...input(), mapping: null });
    timers.fire();
    await settle();

    expect(load).not.toHaveBeenCalled();
    expect(sut.status).toBe('idle');
  });

  it('reads new samples from the source side when asked', async () => {
    const timers = manualTimers();
    const load = vi.fn(async (request: MappingPreviewRequest) => answer(request));
    const sut = new MappingPreview(load, timers);

    sut.update(input());
    timers.fire();
    await settle();
    sut.reloadSamples();
    await settle();

    expect(load).toHaveBeenCalledTimes(2);
    expect(load.mock.calls[1][0]).toMatchObject({ limit: 5 });
    expect(load.mock.calls[1][0].records).toBeUndefined();
  });
});

import { createSimulator, type Simulator } from '../simulator';
import type { SimulatorOptions } from '../options';
import type { RecordView } from '../store';

export interface Answer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export interface TestSimulator {
  sim: Simulator;
  /** A real HTTP request with the bearer token (unless `authorization` is given) and a JSON body. */
  call<T = Record<string, unknown>>(path: string, init?: RequestInit & { json?: unknown }): Promise<Answer<T>>;
  /** Every page of a list, following `nextCursor`; `between` runs after each page. */
  pageAll(path: string, between?: (pageIndex: number) => Promise<void>): Promise<RecordView[]>;
  close(): Promise<void>;
}

/** A simulator on a free port with no rate limit (unless the test sets one) and a small seed. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<TestSimulator> {
  const sim = await createSimulator({ port: 0, seedCount: 20, rateLimitPerSecond: 0, ...options });
  const token = typeof options.token === 'string' ? options.token : (options.token?.[0] ?? 'sim-token');

  const call: TestSimulator['call'] = async (path, init = {}) => {
    const { json, headers, ...rest } = init;
    const response = await fetch(`${sim.url}${path}`, {
      ...rest,
      headers: {
        authorization: `Bearer ${token}`,
        ...(json === undefined ? {} : { 'content-type': 'application/json' }),
        ...(headers as Record<string, string>),
      },
      body: json === undefined ? rest.body : JSON.stringify(json),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };

  const pageAll: TestSimulator['pageAll'] = async (path, between) => {
    const items: RecordView[] = [];
    const separator = path.includes('?') ? '&' : '?';
    let cursor: string | null = null;
    for (let pageIndex = 0; ; pageIndex++) {
      const suffix: string = cursor ? `${separator}cursor=${encodeURIComponent(cursor)}` : '';
      const { status, body } = await call<{ items: RecordView[]; nextCursor: string | null }>(`${path}${suffix}`);
      if (status !== 200) throw new Error(`GET ${path}${suffix} answered ${status}`);
      items.push(...body.items);
      cursor = body.nextCursor;
      if (!cursor) return items;
      await between?.(pageIndex);
    }
  };

  return { sim, call, pageAll, close: () => sim.close() };
}

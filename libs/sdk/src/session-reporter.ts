import type {
  CreateSessionRequest,
  MetricSampleInput,
  RecordLogInput,
  SessionView,
  SyncErrorInput,
  UpdateSessionRequest,
} from '@syncline/contracts';
import type { SynclineClient } from './client';

const MAX_ERRORS_PER_REQUEST = 1000;

export interface SessionReporterOptions {
  /** Records sent per request (default 1,000; the API accepts up to 10,000). */
  batchSize?: number;
}

/**
 * Reports one sync run to Syncline: progress, records (buffered and sent in batches), errors, and the
 * end. `finish()` and `fail()` flush what is buffered before closing the session.
 */
export class SessionReporter {
  private readonly records: RecordLogInput[] = [];
  private readonly errors: SyncErrorInput[] = [];
  private readonly batchSize: number;

  private constructor(
    private readonly client: SynclineClient,
    public session: SessionView,
    options: SessionReporterOptions,
  ) {
    this.batchSize = options.batchSize ?? 1000;
  }

  /** Starts (or, with the same `externalRef`, resumes) a session. */
  static async start(
    client: SynclineClient,
    request: CreateSessionRequest,
    options: SessionReporterOptions = {},
  ): Promise<SessionReporter> {
    const session = await client.sessions.create(request, request.externalRef);
    return new SessionReporter(client, session, options);
  }

  get id(): string {
    return this.session.id;
  }

  async progress(update: Omit<UpdateSessionRequest, 'status'>): Promise<SessionView> {
    this.session = await this.client.sessions.update(this.id, update);
    return this.session;
  }

  /** Buffers a record log; a full buffer is sent at once. */
  async record(record: RecordLogInput): Promise<void> {
    this.records.push(record);
    if (this.records.length >= this.batchSize)
      await this.drain(this.records, this.batchSize, (batch) => this.client.sessions.appendRecords(this.id, batch));
  }

  async error(error: SyncErrorInput): Promise<void> {
    this.errors.push(error);
    if (this.errors.length >= this.batchSize)
      await this.drain(this.errors, MAX_ERRORS_PER_REQUEST, (batch) => this.client.sessions.addErrors(this.id, batch));
  }

  async metrics(samples: MetricSampleInput[]): Promise<void> {
    await this.client.sessions.addMetrics(this.id, samples);
  }

  async flush(): Promise<void> {
    await this.drain(this.records, this.batchSize, (batch) => this.client.sessions.appendRecords(this.id, batch));
    await this.drain(this.errors, MAX_ERRORS_PER_REQUEST, (batch) => this.client.sessions.addErrors(this.id, batch));
  }

  /** Sends what is buffered, then ends the session as `completed` (or `partial` when records failed). */
  async finish(
    update: Omit<UpdateSessionRequest, 'status'> & { status?: 'completed' | 'partial' } = {},
  ): Promise<SessionView> {
    await this.flush();
    const failed = update.counters?.failed ?? this.session.counters.failed;
    this.session = await this.client.sessions.update(this.id, {
      status: failed > 0 ? 'partial' : 'completed',
      ...update,
    });
    return this.session;
  }

  async fail(reason: string, status: 'failed' | 'cancelled' | 'timed_out' = 'failed'): Promise<SessionView> {
    await this.flush();
    this.session = await this.client.sessions.update(this.id, { status, statusReason: reason });
    return this.session;
  }

  /** Sends a buffer in batches, removing each batch only once it is stored. */
  private async drain<T>(buffer: T[], size: number, send: (batch: T[]) => Promise<unknown>): Promise<void> {
    while (buffer.length > 0) {
      const batch = buffer.slice(0, size);
      await send(batch);
      buffer.splice(0, batch.length);
    }
  }
}

import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  isTerminal,
  type ConnectorConfig,
  type EntitySyncSettings,
  type SessionStatus,
  type SyncErrorInput,
  type SyncSettings,
  type VerificationView,
} from '@syncline/contracts';
import type { Queue } from 'bullmq';
import type { Repository } from 'typeorm';
import { ConnectorError, type Connector, type ConnectorContext } from '../connectors/connector';
import { openConnector } from '../connectors/open-connector';
import { DomainEventBus } from '../core/events/domain-events';
import type { Integration } from '../integrations/entities/integration.entity';
import { IntegrationsService } from '../integrations/integrations.service';
import { SyncSession } from '../sessions/entities/sync-session.entity';
import { RecordLogsRepository } from '../sessions/record-logs.repository';
import { SessionsService } from '../sessions/sessions.service';
import { SettingsService } from '../settings/settings.service';
import { effectiveSettings } from './sync-settings.schema';
import { SyncRun, type RunPlan, type RunResult, type StopReason, type SyncRunPorts } from './sync-run';
import { SyncStateRepository, type EntityRef } from './sync-state.repository';
import { SYNC_JOBS, SYNC_QUEUE } from './sync.queue';
import { collectKeys, verify, type Verification } from './verification';

interface OpenRun {
  session: SyncSession;
  integration: Integration;
  entity: EntitySyncSettings;
  settings: SyncSettings;
  local: Connector;
  remote: Connector;
  credentials: Record<string, string>;
  /** Retried requests, stored with the session's errors at each checkpoint. */
  retries: SyncErrorInput[];
}

/**
 * Runs one queued session to its end in a worker: opens both connectors, runs the batches, verifies,
 * and settles the session's final status. Runs again safely when BullMQ hands a stalled job (a killed
 * worker) to another worker: the session shows the new attempt and the run resumes from its checkpoints.
 */
@Injectable()
export class SyncEngine {
  private readonly logger = new Logger(SyncEngine.name);

  constructor(
    @InjectRepository(SyncSession) private readonly sessions: Repository<SyncSession>,
    @InjectQueue(SYNC_QUEUE) private readonly queue: Queue,
    private readonly sessionsService: SessionsService,
    private readonly integrations: IntegrationsService,
    private readonly recordLogs: RecordLogsRepository,
    private readonly state: SyncStateRepository,
    private readonly settings: SettingsService,
    private readonly events: DomainEventBus,
  ) {}

  async run(sessionId: string): Promise<SessionStatus> {
    const found = await this.sessionsService.sessionFor(sessionId, null);
    const { session, integration } = found;
    if (isTerminal(session.status)) return session.status;
    if (session.cancelRequestedAt) return this.finish(session, 'cancelled', 'Cancelled before it started');
    await this.start(session);
    const entity = integration.entities.find((candidate) => candidate.entityType === session.entityType);
    if (!entity) return this.finish(session, 'failed', `No mapping is configured for ${session.entityType}`);

    let open: OpenRun | null = null;
    try {
      open = await this.open(session, integration, entity);
      const result = await this.execute(open);
      return await this.settle(open, result);
    } catch (error) {
      return this.fail(session, integration, error, open?.retries ?? []);
    } finally {
      await Promise.all([open?.local.close(), open?.remote.close()]);
    }
  }

  private async start(session: SyncSession): Promise<void> {
    if (session.status === 'running') {
      // Picked up again after a worker died mid-run.
      session.attempt += 1;
      await this.sessions.update({ id: session.id }, { attempt: session.attempt });
      this.logger.warn(`Resuming sync ${session.id} (attempt ${session.attempt})`);
      return;
    }
    Object.assign(session, await this.sessionsService.update(session.id, { status: 'running', stage: 'fetch' }, null));
  }

  private async open(session: SyncSession, integration: Integration, entity: EntitySyncSettings): Promise<OpenRun> {
    const settings = effectiveSettings(this.settings.sync(), integration.syncSettings);
    const credentials = await this.integrations.readCredentials(integration.id);
    const retries: SyncErrorInput[] = [];
    const context = (side: 'local' | 'remote'): ConnectorContext => ({
      entityType: session.entityType,
      credentials,
      side,
      retry: settings.retry,
      onRetry: (error, attempt) =>
        retries.push({
          category: error.category,
          severity: 'info',
          code: error.options.status ? `HTTP_${error.options.status}` : error.category.toUpperCase(),
          message: `${side === 'local' ? 'Local' : 'Remote'} request retried: ${error.message}`,
          retryable: true,
          retryCount: attempt,
          request: error.options.request,
          response: error.options.response,
        }),
    });
    const connector = (config: ConnectorConfig, side: 'local' | 'remote') => openConnector(config, context(side));
    return {
      session,
      integration,
      entity,
      settings,
      local: connector(integration.local, 'local'),
      remote: connector(integration.remote, 'remote'),
      credentials,
      retries,
    };
  }

  private async execute(open: OpenRun): Promise<RunResult & { verification: VerificationView | null }> {
    const { session, settings } = open;
    const ref: EntityRef = { integrationId: session.integrationId, entityType: session.entityType };
    const keys =
      session.retryKeys ??
      (session.retryScope === 'failed' && session.parentSessionId
        ? await this.recordLogs.failedKeys(session.parentSessionId)
        : null);
    const baselineCount = await this.state.countBaselines(ref);
    const plan: RunPlan = {
      entityRef: ref,
      sessionId: session.id,
      entity: open.entity,
      direction: session.direction,
      mode: session.mode ?? 'incremental',
      settings,
      local: open.local,
      remote: open.remote,
      keys,
      expectedTotal: keys?.length ?? (session.mode === 'full' ? baselineCount : 0),
      firstSync: baselineCount === 0,
    };
    const result = await new SyncRun(plan, this.ports(open, ref)).execute();
    if (result.stoppedBy || keys || !settings.verify) return { ...result, verification: null };

    const started = performance.now();
    await this.sessionsService.update(session.id, { stage: 'verify', counters: result.counters }, null);
    let verification = await this.verify(open);
    if (!verification.view.passed && settings.autoResyncGaps) {
      verification = await this.resyncGaps(open, ref, plan, verification);
    }
    const phaseTimings = { ...result.phaseTimings, verify: Math.round(performance.now() - started) };
    return { ...result, phaseTimings, verification: verification.view };
  }

  private verify(open: OpenRun): Promise<Verification> {
    return verify({
      local: open.local,
      remote: open.remote,
      direction: open.session.direction,
      entity: open.entity,
      referenceKeys: async (entityType) => {
        const context = {
          entityType,
          credentials: open.credentials,
          side: 'local' as const,
          retry: open.settings.retry,
        };
        const connector = openConnector(open.integration.local, context);
        try {
          return await collectKeys(connector);
        } finally {
          await connector.close();
        }
      },
    });
  }

  /** Syncs the gaps again as new records (their baselines forgotten), then checks once more. */
  private async resyncGaps(open: OpenRun, ref: EntityRef, plan: RunPlan, found: Verification): Promise<Verification> {
    await this.state.forgetBaselines(ref, found.gaps);
    const resync = await new SyncRun(
      { ...plan, keys: found.gaps, expectedTotal: found.gaps.length },
      this.ports(open, ref),
    ).execute();
    const after = await this.verify(open);
    if (!after.view.passed) {
      const reason = `${found.gaps.length} gaps found, ${after.gaps.length} remain after resync`;
      const session = await this.sessionsService.get(open.session.id, null);
      this.events.publish('resync.failed', { session, reason });
    }
    return { ...after, view: { ...after.view, resynced: resync.counters.created + resync.counters.updated } };
  }

  private ports(open: OpenRun, ref: EntityRef): SyncRunPorts {
    const { session, integration } = open;
    return {
      baselines: (keys) => this.state.baselines(ref, keys),
      saveBaselines: (states) => this.state.saveBaselines(ref, states),
      position: (side) => this.state.position(ref, side),
      savePosition: (side, position) => this.state.savePosition(ref, side, position),
      saveConflicts: async (conflicts) => {
        const ids = await this.state.saveConflicts(ref, conflicts);
        if (ids.length > 0)
          this.events.publish('conflict.detected', {
            sessionId: session.id,
            integrationId: integration.id,
            count: ids.length,
            conflictIds: ids,
          });
      },
      records: async (records) => {
        if (records.length > 0) await this.sessionsService.storeRecords(session, integration, records);
      },
      errors: (errors) => this.sessionsService.storeErrors(session, integration, errors).then(() => undefined),
      progress: async ({ stage, counters, phaseTimings }) => {
        await this.sessionsService.storeErrors(session, integration, open.retries.splice(0));
        await this.sessionsService.update(session.id, { stage, counters, phaseTimings }, null);
        return this.stopReason(session, open.settings);
      },
    };
  }

  private async stopReason(session: SyncSession, settings: SyncSettings): Promise<StopReason | null> {
    const current = await this.sessions.findOneOrFail({
      where: { id: session.id },
      select: { id: true, cancelRequestedAt: true, startedAt: true },
    });
    if (current.cancelRequestedAt) return 'cancelled';
    const startedAt = current.startedAt?.getTime() ?? Date.now();
    return Date.now() - startedAt > settings.sessionTimeoutMs ? 'timed_out' : null;
  }

  private async settle(
    open: OpenRun,
    result: RunResult & { verification: VerificationView | null },
  ): Promise<SessionStatus> {
    const { session, integration } = open;
    await this.sessionsService.storeErrors(session, integration, open.retries.splice(0));
    if (result.verification) await this.sessions.update({ id: session.id }, { verification: result.verification });
    const status: SessionStatus = result.stoppedBy ?? (result.counters.failed > 0 ? 'partial' : 'completed');
    const reasons: Record<SessionStatus, string | undefined> = {
      cancelled: 'Cancelled at a batch boundary',
      timed_out: `Stopped after ${Math.round(open.settings.sessionTimeoutMs / 60_000)} min (the session timeout)`,
      partial: `${result.counters.failed} records failed`,
      completed: undefined,
      failed: undefined,
      queued: undefined,
      running: undefined,
    };
    const view = await this.sessionsService.update(
      session.id,
      { status, counters: result.counters, phaseTimings: result.phaseTimings, statusReason: reasons[status] },
      null,
    );
    if (result.verification && !result.verification.passed) {
      this.events.publish('verification.failed', { session: view, verification: result.verification });
    }
    if (status === 'partial' && open.settings.failedRecordRetryDelayMs > 0 && session.retryScope !== 'failed') {
      await this.scheduleRetryOfFailed(session.id, open.settings.failedRecordRetryDelayMs);
    }
    return status;
  }

  /** Records that failed by key are tried again later; keyless ones are read again by the next run's feed. */
  private async scheduleRetryOfFailed(sessionId: string, delay: number): Promise<void> {
    if ((await this.recordLogs.failedKeys(sessionId)).length === 0) return;
    await this.queue
      .add(
        SYNC_JOBS.retryFailed,
        { sessionId },
        { jobId: `retry-failed-${sessionId}`, delay, attempts: 5, backoff: { type: 'exponential', delay: 60_000 } },
      )
      .catch((error: Error) =>
        this.logger.warn(`Retry of ${sessionId}'s failed records not scheduled: ${error.message}`),
      );
  }

  /** A failure no retry could get past: the session fails with the reason, stored as its error. */
  private async fail(
    session: SyncSession,
    integration: Integration,
    error: unknown,
    retries: SyncErrorInput[],
  ): Promise<SessionStatus> {
    const reason = error instanceof Error ? error.message : String(error);
    const retryCount = retries.length;
    const failure: SyncErrorInput =
      error instanceof ConnectorError
        ? {
            category: error.category,
            severity: 'error',
            code: error.options.status ? `HTTP_${error.options.status}` : error.category.toUpperCase(),
            message: reason,
            retryable: error.retryable,
            retryCount,
            request: error.options.request,
            response: error.options.response,
          }
        : {
            category: 'internal',
            severity: 'critical',
            message: reason,
            retryable: false,
            retryCount,
            stack: (error as Error).stack,
          };
    this.logger.error(`Sync ${session.id} failed: ${reason}`);
    await this.sessionsService.storeErrors(session, integration, [...retries, failure]);
    return this.finish(session, 'failed', reason);
  }

  private async finish(session: SyncSession, status: SessionStatus, statusReason: string): Promise<SessionStatus> {
    await this.sessionsService.update(session.id, { status, statusReason: statusReason.slice(0, 500) }, null);
    return status;
  }
}

import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  DASHBOARD_WINDOWS,
  INTERVAL_MS,
  type ConnectionCheck,
  type DashboardWindow,
  type IntegrationHealthView,
} from '@syncline/contracts';
import type { Repository } from 'typeorm';
import type { Principal } from '../auth/principal';
import { Clock } from '../core/clock/clock';
import { ApiException } from '../core/errors/api-exception';
import { Integration } from '../integrations/entities/integration.entity';
import { IntegrationsService } from '../integrations/integrations.service';
import { DashboardRepository } from './dashboard.repository';

const WINDOW_MS: Record<DashboardWindow, number> = {
  '24h': INTERVAL_MS.day,
  '7d': 7 * INTERVAL_MS.day,
  '30d': 30 * INTERVAL_MS.day,
};
/** Below this share of good syncs in 24 hours an integration is degraded. */
const DEGRADED_BELOW = 0.9;

const unusable = (check: ConnectionCheck) => !check.reachable || check.authenticated === false;

/** An integration's health: both sides checked now, its recent syncs, its open alerts. */
@Injectable()
export class IntegrationHealthService {
  constructor(
    private readonly integrations: IntegrationsService,
    private readonly repository: DashboardRepository,
    private readonly clock: Clock,
    @InjectRepository(Integration) private readonly rows: Repository<Integration>,
  ) {}

  async byKey(key: string, principal: Principal): Promise<IntegrationHealthView> {
    const integration = await this.rows.findOneBy({ key });
    if (!integration) throw ApiException.notFound('Integration', key);
    return this.check(integration.id, principal);
  }

  async check(id: string, principal: Principal): Promise<IntegrationHealthView> {
    const integration = await this.integrations.get(id, principal);
    const now = this.clock.now();
    const scope = [id];
    const [{ local, remote }, entities, alerts, ...windows] = await Promise.all([
      this.integrations.testConnection(id, undefined, principal),
      this.repository.entities(scope),
      this.repository.openAlerts(scope),
      ...DASHBOARD_WINDOWS.map((window) =>
        this.repository.sumsByDimension(
          'sessions',
          window === '24h' ? 'hour' : 'day',
          new Date(now.getTime() - WINDOW_MS[window]),
          scope,
        ),
      ),
    ]);
    const uptime = Object.fromEntries(
      DASHBOARD_WINDOWS.map((window, i) => {
        const finished = windows[i].reduce((sum, row) => sum + row.count, 0);
        const bad = windows[i]
          .filter((row) => row.dimension === 'failed' || row.dimension === 'timed_out')
          .reduce((sum, row) => sum + row.count, 0);
        return [window, finished > 0 ? 1 - bad / finished : null];
      }),
    ) as Record<DashboardWindow, number | null>;
    const latest = (dates: (Date | null)[]) =>
      dates.reduce<Date | null>((max, date) => (date && (!max || date > max) ? date : max), null);
    const lastSync = entities.reduce<(typeof entities)[number] | null>(
      (newest, row) =>
        row.finished_at && (!newest?.finished_at || row.finished_at > newest.finished_at) ? row : newest,
      null,
    );
    const lastSuccessAt = latest(entities.map((row) => row.last_success_at));
    const openAlerts = alerts.reduce((sum, row) => sum + row.count, 0);
    const serious = alerts.filter((row) => row.severity === 'error' || row.severity === 'critical');

    const reasons: string[] = [];
    for (const [side, check] of [
      ['local', local],
      ['remote', remote],
    ] as const) {
      if (unusable(check)) reasons.push(`${side}: ${check.message}`);
    }
    const down = reasons.length > 0;
    if (lastSync && (lastSync.status === 'failed' || lastSync.status === 'timed_out')) {
      reasons.push(`the last sync (${lastSync.entity_type}) ${lastSync.status === 'failed' ? 'failed' : 'timed out'}`);
    }
    if (uptime['24h'] !== null && uptime['24h'] < DEGRADED_BELOW) {
      reasons.push(`${Math.round(100 * uptime['24h'])}% of syncs succeeded in 24 h`);
    }
    if (serious.length > 0)
      reasons.push(`${serious.reduce((sum, row) => sum + row.count, 0)} error or critical alerts open`);

    return {
      integrationId: id,
      integrationKey: integration.key,
      status: down ? 'down' : reasons.length > 0 ? 'degraded' : 'healthy',
      reasons,
      local,
      remote,
      lastSyncAt: lastSync?.finished_at ? new Date(lastSync.finished_at).toISOString() : null,
      lastSuccessAt: lastSuccessAt ? new Date(lastSuccessAt).toISOString() : null,
      uptime,
      openAlerts,
      checkedAt: now.toISOString(),
    };
  }
}

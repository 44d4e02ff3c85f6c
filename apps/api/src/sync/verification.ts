import type { EntitySyncSettings, IntegrityRule, SyncDirection, VerificationView } from '@syncline/contracts';
import type { Connector } from '../connectors/connector';
import { readPath } from './field-mapping';

const SAMPLE_SIZE = 20;

export interface VerificationInput {
  local: Connector;
  remote: Connector;
  direction: SyncDirection;
  entity: EntitySyncSettings;
  /** Keys of the local records of another entity type, for `reference` rules. */
  referenceKeys: (entityType: string) => Promise<Set<string>>;
}

/**
 * The check after a sync: both sides' counts, the keys one side has and the other lacks, and the local
 * records that break the entity's integrity rules. Gaps count against the result only in the directions
 * the sync writes: an inbound sync is not at fault for local records the remote side never had.
 */
export interface Verification {
  view: VerificationView;
  /** Every key missing on the sides the sync writes, for a resync (the view keeps only a sample). */
  gaps: string[];
}

export async function verify(input: VerificationInput): Promise<Verification> {
  const [localKeys, remoteKeys] = await Promise.all([collectKeys(input.local), collectKeys(input.remote)]);
  const missingLocally = [...remoteKeys].filter((key) => !localKeys.has(key));
  const missingRemotely = [...localKeys].filter((key) => !remoteKeys.has(key));
  const integrity = await checkIntegrity(input);
  const gaps = [
    ...(input.direction !== 'outbound' ? missingLocally : []),
    ...(input.direction !== 'inbound' ? missingRemotely : []),
  ];
  const view: VerificationView = {
    localCount: localKeys.size,
    remoteCount: remoteKeys.size,
    missingLocally: { count: missingLocally.length, sample: missingLocally.sort().slice(0, SAMPLE_SIZE) },
    missingRemotely: { count: missingRemotely.length, sample: missingRemotely.sort().slice(0, SAMPLE_SIZE) },
    integrity,
    passed: gaps.length === 0 && integrity.violations === 0,
    resynced: 0,
    checkedAt: new Date().toISOString(),
  };
  return { view, gaps };
}

async function checkIntegrity(input: VerificationInput): Promise<VerificationView['integrity']> {
  const rules = input.entity.integrity ?? [];
  const result: VerificationView['integrity'] = { violations: 0, sample: [] };
  if (rules.length === 0) return result;
  const checks = await Promise.all(rules.map((rule) => ruleCheck(rule, input)));
  let position: string | null = null;
  for (;;) {
    const page = await input.local.listChanged(position, 1000);
    for (const record of page.records) {
      if (!record.data) continue;
      for (const check of checks) {
        const reason = check.reason(readPath(record.data, check.field));
        if (reason === null) continue;
        result.violations++;
        if (result.sample.length < SAMPLE_SIZE) result.sample.push({ key: record.key, field: check.field, reason });
      }
    }
    position = page.position;
    if (page.done) return result;
  }
}

interface RuleCheck {
  field: string;
  /** Why the value breaks the rule, or null when it keeps it. */
  reason: (value: unknown) => string | null;
}

async function ruleCheck(rule: IntegrityRule, input: VerificationInput): Promise<RuleCheck> {
  const empty = (value: unknown) => value === null || value === undefined || value === '';
  switch (rule.type) {
    case 'required':
      return { field: rule.field, reason: (value) => (empty(value) ? 'is required' : null) };
    case 'pattern': {
      const pattern = new RegExp(rule.pattern);
      return {
        field: rule.field,
        reason: (value) => (empty(value) || pattern.test(String(value)) ? null : `does not match ${rule.pattern}`),
      };
    }
    case 'reference': {
      const keys = await input.referenceKeys(rule.entityType);
      return {
        field: rule.field,
        reason: (value) => (empty(value) || keys.has(String(value)) ? null : `names no ${rule.entityType} record`),
      };
    }
  }
}

export async function collectKeys(connector: Connector): Promise<Set<string>> {
  const keys = new Set<string>();
  for await (const batch of connector.listKeys()) for (const key of batch) keys.add(key);
  return keys;
}

import type { EntitySyncSettings, IntegrityRule, SyncDirection, VerificationView } from '@syncline/contracts';
import type { Connector } from '../connectors/connector';
import { KEY_RANGES, keyRange, type KeyRangeChecksum } from '../connectors/key-hash';
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
  const { localCount, remoteCount, missingLocally, missingRemotely } = await compareKeys(input.local, input.remote);
  const integrity = await checkIntegrity(input);
  const gaps = [
    ...(input.direction !== 'outbound' ? missingLocally : []),
    ...(input.direction !== 'inbound' ? missingRemotely : []),
  ];
  const view: VerificationView = {
    localCount,
    remoteCount,
    missingLocally: { count: missingLocally.length, sample: missingLocally.sort().slice(0, SAMPLE_SIZE) },
    missingRemotely: { count: missingRemotely.length, sample: missingRemotely.sort().slice(0, SAMPLE_SIZE) },
    integrity,
    passed: gaps.length === 0 && integrity.violations === 0,
    resynced: 0,
    checkedAt: new Date().toISOString(),
  };
  return { view, gaps };
}

interface KeyComparison {
  localCount: number;
  remoteCount: number;
  missingLocally: string[];
  missingRemotely: string[];
}

/**
 * The keys each side lacks. Where both sides compute key checksums, keys are listed only when some ranges
 * differ, and only theirs compared; otherwise every key of both sides.
 */
async function compareKeys(local: Connector, remote: Connector): Promise<KeyComparison> {
  if (local.keyChecksums && remote.keyChecksums) {
    const [localSums, remoteSums] = await Promise.all([
      local.keyChecksums(KEY_RANGES),
      remote.keyChecksums(KEY_RANGES),
    ]);
    const counts = { localCount: total(localSums), remoteCount: total(remoteSums) };
    const differing = differingRanges(localSums, remoteSums);
    if (differing.size === 0) return { ...counts, missingLocally: [], missingRemotely: [] };
    const inDiffering = (key: string) => differing.has(keyRange(key, KEY_RANGES));
    const [localKeys, remoteKeys] = await Promise.all([
      collectKeys(local, inDiffering),
      collectKeys(remote, inDiffering),
    ]);
    return { ...counts, ...missing(localKeys, remoteKeys) };
  }
  const [localKeys, remoteKeys] = await Promise.all([collectKeys(local), collectKeys(remote)]);
  return { localCount: localKeys.size, remoteCount: remoteKeys.size, ...missing(localKeys, remoteKeys) };
}

function missing(localKeys: Set<string>, remoteKeys: Set<string>) {
  return {
    missingLocally: [...remoteKeys].filter((key) => !localKeys.has(key)),
    missingRemotely: [...localKeys].filter((key) => !remoteKeys.has(key)),
  };
}

const total = (ranges: KeyRangeChecksum[]) => ranges.reduce((sum, range) => sum + range.count, 0);

function differingRanges(local: KeyRangeChecksum[], remote: KeyRangeChecksum[]): Set<number> {
  const sums = (side: KeyRangeChecksum[]) => new Map(side.map((range) => [range.range, `${range.count}:${range.xor}`]));
  const [localSums, remoteSums] = [sums(local), sums(remote)];
  const ranges = [...localSums.keys(), ...remoteSums.keys()];
  return new Set(ranges.filter((range) => localSums.get(range) !== remoteSums.get(range)));
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

/** Every key of a side, or those `wanted` keeps. */
export async function collectKeys(connector: Connector, wanted?: (key: string) => boolean): Promise<Set<string>> {
  const keys = new Set<string>();
  for await (const batch of connector.listKeys()) for (const key of batch) if (!wanted || wanted(key)) keys.add(key);
  return keys;
}

import { MAX_RECORD_STATE_BYTES, type ErrorDetail, type RecordLogInput } from '@syncline/contracts';
import { ApiException } from '../core/errors/api-exception';
import type { PreparedRecord } from './record-logs.repository';
import type { Redactor } from './redaction';

/** PostgreSQL text cannot hold NUL characters (json can, escaped). */
const NUL = '\u0000';

/**
 * Redacts and serialises a batch for storage, checking what only shows once serialised (state size)
 * and what PostgreSQL cannot store (NUL in text). Any problem rejects the whole batch, naming each
 * record by its index.
 */
export function prepareRecords(records: RecordLogInput[], redactor: Redactor): PreparedRecord[] {
  const problems: ErrorDetail[] = [];
  const state = (index: number, field: 'before' | 'after', value: Record<string, unknown> | null | undefined) => {
    if (value === null || value === undefined) return null;
    const json = JSON.stringify(redactor.redact(value));
    // UTF-8 takes at most three bytes per UTF-16 unit: only long strings need their bytes counted.
    if (json.length * 3 > MAX_RECORD_STATE_BYTES && Buffer.byteLength(json) > MAX_RECORD_STATE_BYTES) {
      problems.push({
        field: `records.${index}.${field}`,
        reason: `must be a JSON object of at most ${MAX_RECORD_STATE_BYTES} bytes`,
      });
    }
    return json;
  };
  const text = (index: number, field: keyof RecordLogInput, value: string | undefined) => {
    if (value?.includes(NUL))
      problems.push({ field: `records.${index}.${field}`, reason: 'must not contain NUL characters' });
    return value ?? null;
  };
  const prepared = records.map((record, index) => {
    const changedFields = record.changedFields ?? [];
    for (const name of changedFields) text(index, 'changedFields', name);
    return {
      localKey: text(index, 'localKey', record.localKey),
      remoteKey: text(index, 'remoteKey', record.remoteKey),
      action: record.action,
      before: state(index, 'before', record.before),
      after: state(index, 'after', record.after),
      changedFields,
      error: text(index, 'error', record.error),
    };
  });
  if (problems.length > 0) {
    const summary = problems.length === 1 ? `${problems[0].field}: ${problems[0].reason}` : 'Some records are invalid';
    throw new ApiException('validation_failed', summary, problems);
  }
  return prepared;
}

import { Injectable, type PipeTransform } from '@nestjs/common';
import {
  MAX_RECORD_STATE_BYTES,
  MAX_RECORDS_PER_BATCH,
  RECORD_ACTIONS,
  type ErrorDetail,
  type RecordLogInput,
} from '@syncline/contracts';
import Ajv from 'ajv';
import { ApiException } from '../../core/errors/api-exception';
import { toErrorDetail } from '../../core/errors/json-schema';

export interface RecordBatch {
  records: RecordLogInput[];
}

const state = {
  type: 'object',
  nullable: true,
  description: `At most ${MAX_RECORD_STATE_BYTES} bytes as JSON; secrets are redacted before storage`,
} as const;

/** The request body of `POST /sessions/:id/records`, as JSON Schema (also its OpenAPI description). */
export const RECORD_BATCH_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['records'],
  properties: {
    records: {
      type: 'array',
      description: `Up to ${MAX_RECORDS_PER_BATCH} records, stored all together or not at all`,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['action'],
        properties: {
          localKey: { type: 'string', minLength: 1, maxLength: 500, description: 'Needed unless remoteKey is given' },
          remoteKey: { type: 'string', minLength: 1, maxLength: 500 },
          action: { type: 'string', enum: [...RECORD_ACTIONS] },
          before: state,
          after: state,
          changedFields: { type: 'array', maxItems: 500, items: { type: 'string', maxLength: 200 } },
          error: { type: 'string', maxLength: 5000 },
        },
      },
    },
  },
};

const validateBatch = new Ajv({ allErrors: true, strict: true }).compile<RecordBatch>(RECORD_BATCH_SCHEMA);

/**
 * Validates a record batch with a compiled JSON Schema: class-validator costs about 100 µs a record,
 * which would make a 10,000-record batch spend most of its time here. State sizes are checked once
 * the states are serialised for storage (prepareRecords), to serialise each only once.
 */
@Injectable()
export class RecordBatchPipe implements PipeTransform<unknown, RecordBatch> {
  transform(body: unknown): RecordBatch {
    const records = (body as { records?: unknown } | null)?.records;
    if (Array.isArray(records) && records.length > MAX_RECORDS_PER_BATCH) {
      throw new ApiException('payload_too_large', `At most ${MAX_RECORDS_PER_BATCH} records per request`, [
        { field: 'records', reason: `has ${records.length} items; the limit is ${MAX_RECORDS_PER_BATCH}` },
      ]);
    }
    const schemaErrors = validateBatch(body) ? [] : (validateBatch.errors ?? []).map((error) => toErrorDetail(error));
    const details = [...schemaErrors, ...missingKeys(records)];
    if (details.length > 0) {
      throw ApiException.invalid(details, 'records');
    }
    return body as RecordBatch;
  }
}

/** A record needs a local key, a remote key or both (simpler said here than in JSON Schema). */
function missingKeys(records: unknown): ErrorDetail[] {
  if (!Array.isArray(records)) return [];
  return (records as (RecordLogInput | null)[]).flatMap((record, index) =>
    record && typeof record === 'object' && record.localKey === undefined && record.remoteKey === undefined
      ? [{ field: `records.${index}.localKey`, reason: 'or remoteKey is required' }]
      : [],
  );
}

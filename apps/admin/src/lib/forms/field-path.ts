/** The API's rule for a record field named in a mapping or a rule (apps/api/src/sync/sync-settings.schema.ts). */
export const FIELD_PATH = /^[A-Za-z_$][\w$-]*(\.[A-Za-z_$][\w$-]*)*$/;
export const FIELD_PATH_REASON = 'must be a field name or a dotted path, e.g. address.city';

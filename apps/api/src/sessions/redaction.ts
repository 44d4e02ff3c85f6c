export const REDACTED = '[redacted]';

/** Field names that are secrets wherever they appear, compared without case, `_` or `-`. */
const BUILT_IN = [
  'password',
  'passwd',
  'secret',
  'token',
  'apikey',
  'authorization',
  'cookie',
  'privatekey',
  'credential',
];

const normalise = (name: string) => name.toLowerCase().replace(/[_-]/g, '');

/**
 * Blanks secret-looking fields at any depth before anything is stored. Integrations add their own names
 * or `*` globs (e.g. `ssn`, `*_iban`); built-in names match as substrings (`accessToken`, `db_password`).
 */
export class Redactor {
  private readonly patterns: RegExp[];
  /** Field names repeat across the records of a batch: decide each name once per Redactor. */
  private readonly verdicts = new Map<string, boolean>();

  constructor(extraPatterns: readonly string[] = []) {
    this.patterns = extraPatterns.map(
      (pattern) =>
        new RegExp(
          `^${normalise(pattern)
            .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '.*')}$`,
        ),
    );
  }

  isSecret(name: string): boolean {
    let verdict = this.verdicts.get(name);
    if (verdict === undefined) {
      const key = normalise(name);
      verdict = BUILT_IN.some((word) => key.includes(word)) || this.patterns.some((pattern) => pattern.test(key));
      this.verdicts.set(name, verdict);
    }
    return verdict;
  }

  /** A copy with secrets blanked; parts without secrets are returned as they are, not copied. */
  redact<T>(value: T): T {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      const items = value.map((item: unknown) => this.redact(item));
      return (items.some((item, index) => item !== value[index]) ? items : value) as T;
    }
    const fields = value as Record<string, unknown>;
    let result: Record<string, unknown> | undefined;
    // Keys, not entries: this runs for every record of every batch, and entries allocate a pair per field.
    for (const name of Object.keys(fields)) {
      const field = fields[name];
      const redacted = this.isSecret(name) && field !== null && field !== undefined ? REDACTED : this.redact(field);
      if (redacted !== field) (result ??= { ...fields })[name] = redacted;
    }
    return (result ?? value) as T;
  }
}

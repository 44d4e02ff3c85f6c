const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const date = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : '—';
}

const shortDateTime = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
});

/** As `formatDateTime`, but without the year when it is the current one: for dense tables. */
export function formatDateTimeShort(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return date.getFullYear() === now.getFullYear() ? shortDateTime.format(date) : dateTime.format(date);
}

export function formatDate(iso: string | null | undefined): string {
  return iso ? date.format(new Date(iso)) : '—';
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 hours ago", "in 2 days"; anything under a minute is "just now". */
export function formatRelative(iso: string | null | undefined, now: Date = new Date(), locale?: string): string {
  if (!iso) return 'never';
  const seconds = Math.round((new Date(iso).getTime() - now.getTime()) / 1000);
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.trunc(seconds / size), unit);
  }
  return 'just now';
}

/** "850 ms", "4.2 s", "3 min 5 s", "2 h 7 min", "1 d 3 h"; "—" when unknown. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const tenths = Math.round(ms / 100) / 10;
  if (tenths < 10) return `${tenths.toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return joinUnits(Math.floor(seconds / 60), 'min', seconds % 60, 's');
  const minutes = Math.round(seconds / 60);
  if (minutes < 24 * 60) return joinUnits(Math.floor(minutes / 60), 'h', minutes % 60, 'min');
  const hours = Math.round(minutes / 60);
  return joinUnits(Math.floor(hours / 24), 'd', hours % 24, 'h');
}

/**
 * A rough duration for estimates: "a few seconds", "~40 s", "~2 min", "~1 h 30 min". Coarser than
 * `formatDuration`, because an estimate to the second would promise more than it knows.
 */
export function formatApproxDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 10_000) return 'a few seconds';
  const seconds = Math.round(ms / 10_000) * 10;
  if (seconds < 60) return `~${seconds} s`;
  const minutes = Math.round(ms / 60_000);
  // Past an hour, five minutes either way is as precise as the estimate gets.
  const rounded = minutes < 60 ? minutes : Math.round(minutes / 5) * 5;
  return `~${formatDuration(rounded * 60_000)}`;
}

function joinUnits(major: number, majorUnit: string, minor: number, minorUnit: string): string {
  return minor === 0 ? `${major} ${majorUnit}` : `${major} ${majorUnit} ${minor} ${minorUnit}`;
}

const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

export function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : number.format(value);
}

/** "12.5 records/s"; "—" before a sync has processed anything measurable. */
export function formatThroughput(recordsPerSecond: number | null | undefined): string {
  return recordsPerSecond === null || recordsPerSecond === undefined
    ? '—'
    : `${formatNumber(recordsPerSecond)} records/s`;
}

/** "1 record", "3 records"; `plural` for nouns that do not just add an s. */
export function formatCount(count: number, singular: string, plural = `${singular}s`): string {
  return `${formatNumber(count)} ${count === 1 ? singular : plural}`;
}

/** A code value as words: "timed_out" → "Timed out", "operator" → "Operator". */
export function humanize(value: string): string {
  return capitalize(value.replaceAll('_', ' '));
}

/** "retry queued" → "Retry queued". */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });

/** A share 0–1 as "93.5%"; "—" when there is nothing to take a share of. */
export function formatPercent(share: number | null | undefined): string {
  return share === null || share === undefined || !Number.isFinite(share) ? '—' : percent.format(share);
}

import type {
  ConfigView,
  ConflictStrategy,
  SyncSettings,
  SyncSettingsOverride,
  UpdateConfigRequest,
} from '@syncline/contracts';
import type { FieldErrors } from '$lib/api/api-errors';
import { formatDuration } from '$lib/format';
import type { Parsed } from './integration-form';

/** The numeric sync settings, by their path in `SyncSettings`. */
export type NumberSettingName =
  | 'batchSize'
  | 'retry.attempts'
  | 'retry.baseDelayMs'
  | 'retry.maxDelayMs'
  | 'failedRecordRetryDelayMs'
  | 'sessionTimeoutMs'
  | 'minIntervalSeconds'
  | 'workerConcurrency';

export interface NumberSetting {
  name: NumberSettingName;
  label: string;
  /** Shown after the input, and how its value reads for people ("= 5 min"). */
  unit: 'ms' | 's' | 'count';
  hint: string;
  /** Only in the global configuration: an integration cannot override it. */
  globalOnly?: boolean;
}

export const NUMBER_SETTINGS: readonly NumberSetting[] = [
  { name: 'batchSize', label: 'Batch size', unit: 'count', hint: 'Records read, compared and applied per batch.' },
  { name: 'retry.attempts', label: 'Retry attempts', unit: 'count', hint: 'Tries per request, the first included.' },
  { name: 'retry.baseDelayMs', label: 'First retry delay (ms)', unit: 'ms', hint: 'Doubled after each failed try…' },
  { name: 'retry.maxDelayMs', label: 'Longest retry delay (ms)', unit: 'ms', hint: '…up to this.' },
  {
    name: 'failedRecordRetryDelayMs',
    label: 'Failed-record retry after (ms)',
    unit: 'ms',
    hint: 'Records a partial sync left behind are retried after this; 0 turns it off.',
  },
  {
    name: 'sessionTimeoutMs',
    label: 'Sync timeout (ms)',
    unit: 'ms',
    hint: 'A sync still running after this long is stopped as timed out.',
  },
  {
    name: 'minIntervalSeconds',
    label: 'Shortest schedule interval (s)',
    unit: 's',
    hint: 'The most often a schedule may run.',
    globalOnly: true,
  },
  {
    name: 'workerConcurrency',
    label: 'Syncs per worker',
    unit: 'count',
    hint: 'Syncs each worker process runs at once.',
    globalOnly: true,
  },
];

export const OVERRIDABLE_SETTINGS = NUMBER_SETTINGS.filter((setting) => !setting.globalOnly);

/** A yes/no setting in a form: `''` when an integration leaves it to the global configuration. */
export type Toggle = '' | 'on' | 'off';

export interface SyncSettingsForm {
  /** Text as typed; `''` leaves an integration's value to the global configuration. */
  numbers: Record<NumberSettingName, string>;
  conflictStrategy: ConflictStrategy | '';
  verify: Toggle;
  autoResyncGaps: Toggle;
}

export interface GeneralSettingsForm {
  sync: SyncSettingsForm;
  retentionDays: string;
}

export const TOGGLES = [
  { name: 'verify', label: 'Verify after each sync', hint: 'Compare counts, find gaps and check integrity rules.' },
  { name: 'autoResyncGaps', label: 'Resync gaps at once', hint: 'Sync the records verification finds missing.' },
] as const;

export const CONFLICT_STRATEGY_OPTIONS: readonly { value: ConflictStrategy; label: string }[] = [
  { value: 'newest_wins', label: 'Newest change wins' },
  { value: 'local_wins', label: 'Local wins' },
  { value: 'remote_wins', label: 'Remote wins' },
  { value: 'manual', label: 'Manual: keep both, resolve in Conflicts' },
];

function readNumber(settings: SyncSettingsOverride | SyncSettings, name: NumberSettingName): number | undefined {
  if (name.startsWith('retry.')) return settings.retry?.[name.slice(6) as keyof SyncSettings['retry']];
  return (settings as Record<string, unknown>)[name] as number | undefined;
}

const toToggle = (value: boolean | undefined): Toggle => (value === undefined ? '' : value ? 'on' : 'off');

export function settingsToForm(settings: SyncSettingsOverride | SyncSettings): SyncSettingsForm {
  const numbers = Object.fromEntries(
    NUMBER_SETTINGS.map((setting) => {
      const value = readNumber(settings, setting.name);
      return [setting.name, value === undefined ? '' : String(value)];
    }),
  ) as Record<NumberSettingName, string>;
  return {
    numbers,
    conflictStrategy: settings.conflictStrategy ?? '',
    verify: toToggle(settings.verify),
    autoResyncGaps: toToggle(settings.autoResyncGaps),
  };
}

/**
 * The settings a form sets, with reasons keyed `${at}.batchSize`, `${at}.retry.attempts` … as the API
 * keys them. Only text that is not a whole number is refused here; ranges are the API's to judge.
 */
function fromForm(
  form: SyncSettingsForm,
  settings: readonly NumberSetting[],
  at: string,
  required: boolean,
): Parsed<Record<string, unknown>> {
  const errors: FieldErrors = {};
  const value: Record<string, unknown> = {};
  const retry: Record<string, number> = {};
  for (const setting of settings) {
    const text = form.numbers[setting.name].trim();
    if (text === '') {
      if (required) errors[`${at}.${setting.name}`] = 'is required';
      continue;
    }
    const number = Number(text);
    if (!Number.isInteger(number)) {
      errors[`${at}.${setting.name}`] = 'must be a whole number';
      continue;
    }
    if (setting.name.startsWith('retry.')) retry[setting.name.slice(6)] = number;
    else value[setting.name] = number;
  }
  if (Object.keys(retry).length > 0) value.retry = retry;
  if (form.conflictStrategy) value.conflictStrategy = form.conflictStrategy;
  else if (required) errors[`${at}.conflictStrategy`] = 'is required';
  for (const { name } of TOGGLES) {
    if (form[name]) value[name] = form[name] === 'on';
    else if (required) errors[`${at}.${name}`] = 'is required';
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value };
}

/** An integration's overrides: only what is set; an empty form is `{}` (the global configuration throughout). */
export function toSettingsOverride(form: SyncSettingsForm): Parsed<SyncSettingsOverride> {
  return fromForm(form, OVERRIDABLE_SETTINGS, 'syncSettings', false) as Parsed<SyncSettingsOverride>;
}

export function configToForm(config: ConfigView): GeneralSettingsForm {
  return { sync: settingsToForm(config.sync), retentionDays: String(config.retention.days) };
}

/** `PUT /config` with both parts: every global setting is required. */
export function toConfigRequest(form: GeneralSettingsForm): Parsed<UpdateConfigRequest> {
  const sync = fromForm(form.sync, NUMBER_SETTINGS, 'sync', true);
  const errors: FieldErrors = sync.ok ? {} : { ...sync.errors };
  const days = Number(form.retentionDays.trim());
  if (form.retentionDays.trim() === '' || !Number.isInteger(days)) errors['retention.days'] = 'must be a whole number';
  if (!sync.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { sync: sync.value as unknown as SyncSettings, retention: { days } } };
}

/** Every path a settings form shows a reason beside, under `at` (`sync` or `syncSettings`). */
export function settingsFieldPaths(at: string, settings: readonly NumberSetting[]): string[] {
  return [
    at,
    `${at}.retry`,
    ...settings.map((setting) => `${at}.${setting.name}`),
    ...['conflictStrategy', ...TOGGLES.map((toggle) => toggle.name)].map((name) => `${at}.${name}`),
  ];
}

/** How a typed duration reads for people: "= 5 min" for 300000 ms; null when that would not help. */
export function describeSetting(setting: NumberSetting, text: string): string | null {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(value) || setting.unit === 'count') return null;
  if (setting.name === 'failedRecordRetryDelayMs' && value === 0) return 'off';
  const ms = setting.unit === 's' ? value * 1000 : value;
  return ms < 1000 ? null : `= ${formatDuration(ms)}`;
}

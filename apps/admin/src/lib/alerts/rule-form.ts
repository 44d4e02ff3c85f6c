import {
  ALERT_TYPE_SPECS,
  ALERT_TYPES,
  DEFAULT_SUPPRESSION_MINUTES,
  type AlertParamSpec,
  type AlertRuleInput,
  type AlertRuleView,
  type AlertSeverity,
  type AlertType,
} from '@syncline/contracts';
import type { FieldErrors } from '$lib/api/api-errors';
import { humanize } from '$lib/format';
import type { Parsed } from '$lib/forms/integration-form';

/** Every input holds text; numbers are parsed once, in `toRuleInput`. */
export interface RuleForm {
  name: string;
  type: AlertType;
  /** Empty: every integration. */
  integrationId: string;
  /** Empty: every entity type. */
  entityType: string;
  severity: AlertSeverity;
  /** By the type's parameter names (ALERT_TYPE_SPECS). */
  params: Record<string, string>;
  channelIds: string[];
  suppressionMinutes: string;
  /** Empty: the severity's default. */
  escalationMinutes: string;
  escalationChannelIds: string[];
  enabled: boolean;
}

export interface ParamField extends AlertParamSpec {
  name: string;
  /** Where the API puts a reason for it, e.g. `params.percent`. */
  field: string;
}

/** The threshold inputs of a type, straight from ALERT_TYPE_SPECS. */
export function paramFields(type: AlertType): ParamField[] {
  return Object.entries(ALERT_TYPE_SPECS[type].params).map(([name, spec]) => ({
    ...spec,
    name,
    field: `params.${name}`,
  }));
}

export const ALERT_TYPE_OPTIONS = ALERT_TYPES.map((type) => ({ value: type, label: humanize(type) }));

/** The fields the editor shows, for placing the API's reasons (`params.percent`, `escalation.afterMinutes` …). */
export function ruleFormFields(type: AlertType): string[] {
  return [
    'name',
    'type',
    'integrationId',
    'entityType',
    'severity',
    'params',
    ...paramFields(type).map((param) => param.field),
    'channelIds',
    'suppressionMinutes',
    'escalation.afterMinutes',
    'escalation.channelIds',
  ];
}

function defaultParams(type: AlertType): Record<string, string> {
  return Object.fromEntries(paramFields(type).map((param) => [param.name, String(param.default)]));
}

export function newRuleForm(type: AlertType = 'sync_failure'): RuleForm {
  return {
    name: '',
    type,
    integrationId: '',
    entityType: '',
    severity: ALERT_TYPE_SPECS[type].severity,
    params: defaultParams(type),
    channelIds: [],
    suppressionMinutes: String(DEFAULT_SUPPRESSION_MINUTES),
    escalationMinutes: '',
    escalationChannelIds: [],
    enabled: true,
  };
}

/** Another type has other thresholds and its own usual severity. */
export function withType(form: RuleForm, type: AlertType): RuleForm {
  return { ...form, type, severity: ALERT_TYPE_SPECS[type].severity, params: defaultParams(type) };
}

export function ruleToForm(rule: AlertRuleView): RuleForm {
  return {
    name: rule.name,
    type: rule.type,
    integrationId: rule.integrationId ?? '',
    entityType: rule.entityType ?? '',
    severity: rule.severity,
    params: { ...defaultParams(rule.type), ...mapValues(rule.params, String) },
    channelIds: [...rule.channelIds],
    suppressionMinutes: String(rule.suppressionMinutes),
    escalationMinutes: rule.escalation.afterMinutes === null ? '' : String(rule.escalation.afterMinutes),
    escalationChannelIds: [...rule.escalation.channelIds],
    enabled: rule.enabled,
  };
}

/**
 * The request for a create or a full update. Only text that is not a number is refused here;
 * ranges and limits are the API's to judge, and its reasons land at the same fields.
 */
export function toRuleInput(form: RuleForm): Parsed<AlertRuleInput> {
  const errors: FieldErrors = {};
  const number = (field: string, text: string): number | undefined => {
    if (text.trim() === '') return undefined;
    const value = Number(text);
    if (!Number.isFinite(value)) errors[field] = 'must be a number';
    return value;
  };
  const params: Record<string, number> = {};
  for (const param of paramFields(form.type)) {
    const value = number(param.field, form.params[param.name] ?? '');
    if (value !== undefined) params[param.name] = value;
  }
  const suppressionMinutes = number('suppressionMinutes', form.suppressionMinutes);
  const escalationMinutes = number('escalation.afterMinutes', form.escalationMinutes);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      name: form.name.trim(),
      type: form.type,
      integrationId: form.integrationId || null,
      entityType: form.entityType.trim() || null,
      severity: form.severity,
      params,
      channelIds: form.channelIds,
      ...(suppressionMinutes === undefined ? {} : { suppressionMinutes }),
      escalation: { afterMinutes: escalationMinutes ?? null, channelIds: form.escalationChannelIds },
      enabled: form.enabled,
    },
  };
}

function mapValues<T, U>(record: Record<string, T>, map: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));
}

import type { IntegrityRule } from '@syncline/contracts';
import type { FieldErrors } from '$lib/api/api-errors';
import type { Parsed } from './integration-form';
import { FIELD_PATH, FIELD_PATH_REASON } from './field-path';

export type IntegrityRuleType = IntegrityRule['type'];

/** One rule as edited. Every type's inputs are kept, so switching the type back does not lose what was typed. */
export interface IntegrityRuleForm {
  /** Identity for keyed lists; never sent. */
  id: number;
  type: IntegrityRuleType;
  /** The local field checked. */
  field: string;
  /** `pattern`: a regular expression the value must match. */
  pattern: string;
  /** `reference`: the entity type whose local records the value must name. */
  entityType: string;
}

export const INTEGRITY_RULE_OPTIONS: readonly { value: IntegrityRuleType; label: string }[] = [
  { value: 'required', label: 'Has a value' },
  { value: 'pattern', label: 'Matches a pattern' },
  { value: 'reference', label: 'Names a record of' },
];

let nextRuleId = 1;

export function newIntegrityRule(type: IntegrityRuleType = 'required'): IntegrityRuleForm {
  return { id: nextRuleId++, type, field: '', pattern: '', entityType: '' };
}

export function integrityRulesToForm(rules: readonly IntegrityRule[] = []): IntegrityRuleForm[] {
  return rules.map((rule) => ({
    ...newIntegrityRule(rule.type),
    field: rule.field,
    pattern: rule.type === 'pattern' ? rule.pattern : '',
    entityType: rule.type === 'reference' ? rule.entityType : '',
  }));
}

/** The rules as the API takes them, and for each the form row it came from (blank rows are left out). */
export interface IntegrityRules {
  rules: IntegrityRule[];
  rows: number[];
}

/** Reasons are keyed `${at}.${row}.field`, `${at}.${row}.pattern` …: the API's paths, with the form's rows. */
export function toIntegrityRules(forms: readonly IntegrityRuleForm[], at: string): Parsed<IntegrityRules> {
  const errors: FieldErrors = {};
  const result: IntegrityRules = { rules: [], rows: [] };
  forms.forEach((form, index) => {
    const path = `${at}.${index}`;
    const field = form.field.trim();
    if (!field && !form.pattern.trim() && !form.entityType) return;
    if (!field) errors[`${path}.field`] = 'is required';
    else if (!FIELD_PATH.test(field)) errors[`${path}.field`] = FIELD_PATH_REASON;
    result.rows.push(index);
    switch (form.type) {
      case 'required':
        result.rules.push({ type: 'required', field });
        return;
      case 'pattern': {
        const reason = patternProblem(form.pattern);
        if (reason) errors[`${path}.pattern`] = reason;
        result.rules.push({ type: 'pattern', field, pattern: form.pattern });
        return;
      }
      case 'reference':
        if (!form.entityType) errors[`${path}.entityType`] = 'is required';
        result.rules.push({ type: 'reference', field, entityType: form.entityType });
        return;
    }
  });
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value: result };
}

/** The engine checks values with JavaScript's regular expressions: a pattern must compile as one. */
function patternProblem(pattern: string): string | null {
  if (!pattern) return 'is required, e.g. ^STK\\d+$';
  try {
    new RegExp(pattern);
    return null;
  } catch {
    return 'is not a valid regular expression';
  }
}

/** Every path the editor shows a reason beside, for one entity's rules. */
export function integrityFieldPaths(forms: readonly IntegrityRuleForm[], at: string): string[] {
  return [
    at,
    ...forms.flatMap((_, index) => ['', '.field', '.pattern', '.entityType'].map((name) => `${at}.${index}${name}`)),
  ];
}

import { ALERT_TYPE_SPECS, ALERT_TYPES } from '@syncline/contracts';
import { describe, expect, it } from 'vitest';
import { newRuleForm, paramFields, ruleFormFields, ruleToForm, toRuleInput, withType } from './rule-form';
import { alertRuleView } from './test-factories';

describe('the rule form', () => {
  it('offers each type’s thresholds with their defaults, as ALERT_TYPE_SPECS declares them', () => {
    for (const type of ALERT_TYPES) {
      const sut = newRuleForm(type);

      expect(Object.keys(sut.params)).toEqual(Object.keys(ALERT_TYPE_SPECS[type].params));
      expect(sut.severity).toBe(ALERT_TYPE_SPECS[type].severity);
    }
    expect(paramFields('high_error_rate')[0]).toMatchObject({
      name: 'percent',
      field: 'params.percent',
      unit: '%',
      min: 0.1,
      max: 100,
    });
  });

  it('switches to another type’s thresholds and severity', () => {
    const sut = withType({ ...newRuleForm('sync_failure'), name: 'Kept' }, 'consecutive_failures');

    expect(sut).toMatchObject({ name: 'Kept', severity: 'critical', params: { count: '3' } });
  });

  it('sends numbers for the thresholds, null for "all", and leaves empty thresholds to their default', () => {
    const form = {
      ...newRuleForm('high_error_rate'),
      name: ' Errors ',
      params: { percent: '12.5', windowMinutes: '' },
    };

    const sut = toRuleInput(form);

    expect(sut).toEqual({
      ok: true,
      value: {
        name: 'Errors',
        type: 'high_error_rate',
        integrationId: null,
        entityType: null,
        severity: 'error',
        params: { percent: 12.5 },
        channelIds: [],
        suppressionMinutes: 15,
        escalation: { afterMinutes: null, channelIds: [] },
        enabled: true,
      },
    });
  });

  it('refuses text that is not a number at its field, and leaves ranges to the API', () => {
    const form = { ...newRuleForm('high_error_rate'), params: { percent: 'lots', windowMinutes: '99999' } };

    expect(toRuleInput(form)).toEqual({ ok: false, errors: { 'params.percent': 'must be a number' } });
  });

  it('round-trips a stored rule through the form', () => {
    const rule = alertRuleView({ escalation: { afterMinutes: 30, channelIds: ['c1'] }, channelIds: ['c2'] });

    const sut = toRuleInput(ruleToForm(rule));

    expect(sut.ok && sut.value).toMatchObject({
      params: rule.params,
      channelIds: ['c2'],
      escalation: { afterMinutes: 30, channelIds: ['c1'] },
    });
  });

  it('knows where the API places each threshold’s reason', () => {
    expect(ruleFormFields('conflict_spike')).toEqual(
      expect.arrayContaining(['params.threshold', 'params.windowMinutes', 'escalation.afterMinutes']),
    );
  });
});

import { DEFAULT_SYNC_SETTINGS } from '@syncline/contracts';
import { describe, expect, it } from 'vitest';
import {
  NUMBER_SETTINGS,
  configToForm,
  describeSetting,
  settingsToForm,
  toConfigRequest,
  toSettingsOverride,
} from './settings-form';

const setting = (name: string) => NUMBER_SETTINGS.find((candidate) => candidate.name === name)!;

describe('an integration’s sync settings', () => {
  it('leaves everything to the global configuration when nothing is set', () => {
    const sut = settingsToForm({});

    expect(sut.numbers.batchSize).toBe('');
    expect(sut.verify).toBe('');
    expect(toSettingsOverride(sut)).toEqual({ ok: true, value: {} });
  });

  it('sends only what is set, retry parts nested as the API takes them', () => {
    const sut = settingsToForm({});
    sut.numbers.batchSize = ' 250 ';
    sut.numbers['retry.attempts'] = '5';
    sut.conflictStrategy = 'remote_wins';
    sut.autoResyncGaps = 'off';

    expect(toSettingsOverride(sut)).toEqual({
      ok: true,
      value: { batchSize: 250, retry: { attempts: 5 }, conflictStrategy: 'remote_wins', autoResyncGaps: false },
    });
  });

  it('round-trips what is stored', () => {
    const stored = { batchSize: 20, retry: { baseDelayMs: 100, maxDelayMs: 2000 }, verify: true };

    expect(toSettingsOverride(settingsToForm(stored))).toEqual({ ok: true, value: stored });
  });

  it('refuses text that is not a whole number at its field, leaving ranges to the API', () => {
    const sut = settingsToForm({});
    sut.numbers['retry.maxDelayMs'] = '1.5';
    sut.numbers.sessionTimeoutMs = 'soon';
    sut.numbers.batchSize = '-3';

    expect(toSettingsOverride(sut)).toEqual({
      ok: false,
      errors: {
        'syncSettings.retry.maxDelayMs': 'must be a whole number',
        'syncSettings.sessionTimeoutMs': 'must be a whole number',
      },
    });
  });
});

describe('the global configuration', () => {
  it('round-trips the stored configuration into PUT /config', () => {
    const config = { sync: { ...DEFAULT_SYNC_SETTINGS, verify: false }, retention: { days: 30 } };

    expect(toConfigRequest(configToForm(config))).toEqual({ ok: true, value: config });
  });

  it('requires every setting, and a whole number of retention days', () => {
    const sut = configToForm({ sync: DEFAULT_SYNC_SETTINGS, retention: { days: 90 } });
    sut.sync.numbers.workerConcurrency = '';
    sut.retentionDays = '7.5';

    expect(toConfigRequest(sut)).toEqual({
      ok: false,
      errors: { 'sync.workerConcurrency': 'is required', 'retention.days': 'must be a whole number' },
    });
  });
});

describe('describeSetting', () => {
  it('reads durations for people', () => {
    expect(describeSetting(setting('failedRecordRetryDelayMs'), '300000')).toBe('= 5 min');
    expect(describeSetting(setting('failedRecordRetryDelayMs'), '0')).toBe('off');
    expect(describeSetting(setting('minIntervalSeconds'), '3600')).toBe('= 1 h');
  });

  it('adds nothing to counts, short delays or what is not a number', () => {
    expect(describeSetting(setting('batchSize'), '1000')).toBeNull();
    expect(describeSetting(setting('retry.baseDelayMs'), '500')).toBeNull();
    expect(describeSetting(setting('sessionTimeoutMs'), 'soon')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { flagFor, parseCommandLine } from './cli-options';
import { resolveOptions, type SimulatorOptions } from './options';

describe('command line', () => {
  it('reads flags and falls back to SIM_* variables', () => {
    const options = parseCommandLine(
      [
        '--port',
        '4010',
        '--seed-count',
        '1000',
        '--token',
        'demo-token',
        '--mutate-every',
        '5000',
        '--latency',
        '20-200',
      ],
      { SIM_PORT: '9999', SIM_COLLECTIONS: 'vehicle, lead', SIM_ERROR_RATE: '0.1' },
    );

    expect(options).toEqual({
      port: 4010,
      seedCount: 1000,
      token: ['demo-token'],
      mutateEveryMs: 5000,
      collections: ['vehicle', 'lead'],
      faults: { latencyMs: '20-200', errorRate: '0.1' },
    });
    expect(resolveOptions(options as SimulatorOptions).faults).toMatchObject({
      latencyMs: { min: 20, max: 200 },
      errorRate: 0.1,
    });
  });

  it('refuses unknown flags, and bad values naming the flag', () => {
    expect(() => parseCommandLine(['--prot', '1'], {})).toThrow(/--prot/);
    const options = parseCommandLine(['--seed-count', 'many', '--collections', 'vehicle,boat'], {
      SIM_RESET_RATE: '3',
    });

    expect(() => resolveOptions(options as SimulatorOptions)).toThrow(
      expect.objectContaining({
        details: [
          { field: 'collections', reason: 'unknown boat; known: vehicle, lead, campaign, seller' },
          { field: 'seedCount', reason: 'must be an integer from 0 to 1000000' },
          { field: 'faults.resetRate', reason: 'must be a share from 0 to 1' },
        ],
      }),
    );
    expect(flagFor('seedCount')).toBe('--seed-count (SIM_SEED_COUNT)');
    expect(flagFor('faults.resetRate')).toBe('--reset-rate (SIM_RESET_RATE)');
  });

  it('answers help', () => {
    expect(parseCommandLine(['--help'], {})).toBe('help');
  });
});

import { describe, expect, it } from 'vitest';
import { ThemeState, type Theme, type ThemeEnvironment } from './theme.svelte';

function fakeEnvironment(options: { stored?: string | null; systemDark?: boolean } = {}) {
  let systemListener: (dark: boolean) => void = () => {};
  const env: ThemeEnvironment & { stored: string | null; applied: Theme[]; changeSystem(dark: boolean): void } = {
    stored: options.stored ?? null,
    applied: [],
    readStored: () => env.stored,
    writeStored: (value: Theme | null) => {
      env.stored = value;
    },
    systemPrefersDark: () => options.systemDark ?? false,
    onSystemChange: (listener: (dark: boolean) => void) => {
      systemListener = listener;
      return () => {};
    },
    apply: (theme: Theme) => {
      env.applied.push(theme);
    },
    changeSystem: (dark: boolean) => systemListener(dark),
  };
  return env;
}

describe('ThemeState', () => {
  it('follows the system preference when nothing is stored', () => {
    const env = fakeEnvironment({ systemDark: true });
    const sut = new ThemeState(env);

    expect(sut.current).toBe('dark');
    expect(sut.followsSystem).toBe(true);
    expect(env.applied).toEqual(['dark']);
  });

  it('prefers a stored choice over the system', () => {
    const sut = new ThemeState(fakeEnvironment({ stored: 'light', systemDark: true }));

    expect(sut.current).toBe('light');
    expect(sut.followsSystem).toBe(false);
  });

  it('ignores a stored value that is not a theme', () => {
    const sut = new ThemeState(fakeEnvironment({ stored: 'purple', systemDark: false }));

    expect(sut.preference).toBeNull();
    expect(sut.current).toBe('light');
  });

  it('toggles to the opposite theme, persists and applies it', () => {
    const env = fakeEnvironment({ systemDark: false });
    const sut = new ThemeState(env);

    sut.toggle();

    expect(sut.current).toBe('dark');
    expect(env.stored).toBe('dark');
    expect(env.applied.at(-1)).toBe('dark');
  });

  it('tracks system changes only while following the system', () => {
    const env = fakeEnvironment({ systemDark: false });
    const sut = new ThemeState(env);

    env.changeSystem(true);
    expect(sut.current).toBe('dark');

    sut.set('light');
    env.changeSystem(true);
    expect(sut.current).toBe('light');
  });

  it('forgets the stored choice when set back to follow the system', () => {
    const env = fakeEnvironment({ stored: 'dark', systemDark: false });
    const sut = new ThemeState(env);

    sut.set(null);

    expect(env.stored).toBeNull();
    expect(sut.current).toBe('light');
  });
});

export type Theme = 'light' | 'dark';

export const THEME_STORAGE_KEY = 'syncline.theme';

/** What the theme needs from the browser, injectable so the rules can be tested without one. */
export interface ThemeEnvironment {
  readStored(): string | null;
  writeStored(value: Theme | null): void;
  systemPrefersDark(): boolean;
  onSystemChange(listener: (prefersDark: boolean) => void): () => void;
  apply(theme: Theme): void;
}

export class ThemeState {
  /** An explicit choice, or null to follow the operating system. */
  preference = $state<Theme | null>(null);
  #systemDark = $state(false);
  readonly current: Theme = $derived(this.preference ?? (this.#systemDark ? 'dark' : 'light'));

  constructor(private readonly env: ThemeEnvironment) {
    const stored = env.readStored();
    this.preference = stored === 'light' || stored === 'dark' ? stored : null;
    this.#systemDark = env.systemPrefersDark();
    env.onSystemChange((prefersDark) => {
      this.#systemDark = prefersDark;
      this.env.apply(this.current);
    });
    env.apply(this.current);
  }

  get followsSystem(): boolean {
    return this.preference === null;
  }

  set(theme: Theme | null): void {
    this.preference = theme;
    this.env.writeStored(theme);
    this.env.apply(this.current);
  }

  toggle(): void {
    this.set(this.current === 'dark' ? 'light' : 'dark');
  }
}

function browserEnvironment(): ThemeEnvironment {
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  return {
    readStored: () => {
      try {
        return localStorage.getItem(THEME_STORAGE_KEY);
      } catch {
        return null; // storage can be blocked (private mode, policies); the system theme still works
      }
    },
    writeStored: (value) => {
      try {
        if (value === null) localStorage.removeItem(THEME_STORAGE_KEY);
        else localStorage.setItem(THEME_STORAGE_KEY, value);
      } catch {
        /* the choice simply lasts for this page view */
      }
    },
    systemPrefersDark: () => media.matches,
    onSystemChange: (listener) => {
      const handler = (event: MediaQueryListEvent) => listener(event.matches);
      media.addEventListener('change', handler);
      return () => media.removeEventListener('change', handler);
    },
    apply: (theme) => {
      document.documentElement.dataset.theme = theme;
    },
  };
}

const noopEnvironment: ThemeEnvironment = {
  readStored: () => null,
  writeStored: () => {},
  systemPrefersDark: () => false,
  onSystemChange: () => () => {},
  apply: () => {},
};

export const theme = new ThemeState(typeof window === 'undefined' ? noopEnvironment : browserEnvironment());

export type ToastKind = 'success' | 'error' | 'info';

/** Where the person can go to follow up, e.g. the Monitor after starting a sync. */
export interface ToastLink {
  href: string;
  label: string;
}

export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
  link?: ToastLink;
}

type Schedule = (callback: () => void, delayMs: number) => unknown;

/** Errors stay longer: people need time to read what went wrong. */
const DISPLAY_MS: Record<ToastKind, number> = { success: 4000, info: 5000, error: 8000 };
const MAX_VISIBLE = 5;

export class ToastState {
  items = $state<Toast[]>([]);
  #nextId = 1;

  constructor(private readonly schedule: Schedule = (callback, delayMs) => setTimeout(callback, delayMs)) {}

  show(kind: ToastKind, message: string, link?: ToastLink): number {
    const id = this.#nextId++;
    this.items = [...this.items, { id, kind, message, ...(link ? { link } : {}) }].slice(-MAX_VISIBLE);
    // A link needs time to be reached, by keyboard too.
    this.schedule(() => this.dismiss(id), DISPLAY_MS[kind] * (link ? 2 : 1));
    return id;
  }

  success(message: string, link?: ToastLink): number {
    return this.show('success', message, link);
  }

  error(message: string, link?: ToastLink): number {
    return this.show('error', message, link);
  }

  info(message: string, link?: ToastLink): number {
    return this.show('info', message, link);
  }

  dismiss(id: number): void {
    this.items = this.items.filter((toast) => toast.id !== id);
  }
}

export const toasts = new ToastState();

export type ToastKind = 'success' | 'error' | 'info';

export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
}

type Schedule = (callback: () => void, delayMs: number) => unknown;

/** Errors stay longer: people need time to read what went wrong. */
const DISPLAY_MS: Record<ToastKind, number> = { success: 4000, info: 5000, error: 8000 };
const MAX_VISIBLE = 5;

export class ToastState {
  items = $state<Toast[]>([]);
  #nextId = 1;

  constructor(private readonly schedule: Schedule = (callback, delayMs) => setTimeout(callback, delayMs)) {}

  show(kind: ToastKind, message: string): number {
    const id = this.#nextId++;
    this.items = [...this.items, { id, kind, message }].slice(-MAX_VISIBLE);
    this.schedule(() => this.dismiss(id), DISPLAY_MS[kind]);
    return id;
  }

  success(message: string): number {
    return this.show('success', message);
  }

  error(message: string): number {
    return this.show('error', message);
  }

  info(message: string): number {
    return this.show('info', message);
  }

  dismiss(id: number): void {
    this.items = this.items.filter((toast) => toast.id !== id);
  }
}

export const toasts = new ToastState();

import { roleAtLeast, type MeView, type Role } from '@syncline/contracts';

/** Who is signed in; filled by the authenticated layout's load. */
export class SessionState {
  me = $state<MeView | null>(null);
  readonly isAdmin: boolean = $derived(this.me !== null && roleAtLeast(this.me.role, 'admin'));

  can(required: Role): boolean {
    return this.me !== null && roleAtLeast(this.me.role, required);
  }

  signedIn(me: MeView): void {
    this.me = me;
  }

  clear(): void {
    this.me = null;
  }
}

export const session = new SessionState();

import type { Pathname } from '$app/types';
import type { IconName } from '$lib/components/icons';

export interface NavItem {
  path: Pathname;
  label: string;
  icon: IconName;
  /** Highlight only on this exact path, not on paths below it. */
  exact?: boolean;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/', label: 'Dashboard', icon: 'dashboard', exact: true },
  { path: '/monitor', label: 'Monitor', icon: 'activity' },
  { path: '/history', label: 'History', icon: 'history' },
  { path: '/errors', label: 'Errors', icon: 'error' },
  { path: '/alerts', label: 'Alerts', icon: 'bell' },
  { path: '/reconciliation', label: 'Reconciliation', icon: 'compare' },
  { path: '/conflicts', label: 'Conflicts', icon: 'merge' },
  { path: '/reports', label: 'Reports', icon: 'report' },
  { path: '/metrics', label: 'Metrics', icon: 'chart' },
  { path: '/config', label: 'Config', icon: 'sliders' },
  { path: '/settings', label: 'Settings', icon: 'settings' },
];

/** A section stays highlighted on its sub-pages, e.g. Config on an integration's editor. */
export function isActive(href: string, pathname: string, exact = false): boolean {
  const normalise = (path: string) => (path.length > 1 ? path.replace(/\/+$/, '') : path);
  const target = normalise(href);
  const current = normalise(pathname);
  return current === target || (!exact && current.startsWith(`${target}/`));
}

import { describe, expect, it } from 'vitest';
import { isActive } from './navigation';

describe('isActive', () => {
  it('marks a section active on its own page and below it', () => {
    expect(isActive('/admin/config', '/admin/config')).toBe(true);
    expect(isActive('/admin/config', '/admin/config/integrations/new')).toBe(true);
  });

  it('ignores a trailing slash', () => {
    expect(isActive('/admin/', '/admin', true)).toBe(true);
  });

  it('does not mark a section active for a path that merely starts with its name', () => {
    expect(isActive('/admin/errors', '/admin/errors-archive')).toBe(false);
  });

  it('keeps an exact item inactive on the pages below it', () => {
    expect(isActive('/admin', '/admin/config', true)).toBe(false);
  });
});

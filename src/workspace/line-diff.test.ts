import { describe, expect, it } from 'vitest';
import { lineDiff } from './line-diff.js';

describe('lineDiff', () => {
  it('marks removed and added lines around the common ones', () => {
    expect(lineDiff('a\nb\nc', 'a\nx\nc', 'mine', 'reference')).toBe('--- mine\n+++ reference\n  a\n+ x\n- b\n  c');
  });
  it('shows identical texts as context only', () => {
    expect(lineDiff('a\nb', 'a\nb', 'x', 'y').split('\n').slice(2)).toEqual(['  a', '  b']);
  });
});

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CatalogError } from '../errors.js';
import { parseYaml } from './load-yaml.js';

const Schema = z.object({ name: z.string(), items: z.array(z.object({ size: z.number() })) });

function problemsOf(text: string, verify?: (v: z.infer<typeof Schema>) => { path: (string | number)[]; message: string }[]) {
  try {
    parseYaml(text, Schema, 'file.yaml', verify);
  } catch (e) {
    expect(e).toBeInstanceOf(CatalogError);
    return (e as CatalogError).problems;
  }
  throw new Error('expected a CatalogError');
}

describe('parseYaml', () => {
  it('returns the validated value', () => {
    expect(parseYaml('name: a\nitems: [{size: 1}]\n', Schema, 'f')).toEqual({ name: 'a', items: [{ size: 1 }] });
  });

  it('locates a wrong value at its line, column and field path', () => {
    const [p] = problemsOf('name: a\nitems:\n  - size: 1\n  - size: big\n');
    expect(p).toMatchObject({ file: 'file.yaml', line: 4, column: 11, field: 'items[1].size' });
  });

  it('points a missing field at its parent', () => {
    const [p] = problemsOf('name: a\nitems:\n  - {}\n');
    expect(p).toMatchObject({ line: 3, field: 'items[0].size' });
  });

  it('reports a syntax error with its position', () => {
    const [p] = problemsOf('name: a\nitems:\n  - size: 1\n size: 2\n');
    expect(p).toMatchObject({ file: 'file.yaml', line: 4, column: 1, field: '' });
    expect(p.message).toMatch(/same column/);
  });

  it('refuses duplicate keys', () => {
    expect(problemsOf('name: a\nname: b\nitems: []\n')[0].message).toMatch(/unique/i);
  });

  it('locates problems found after the schema passed', () => {
    const [p] = problemsOf('name: a\nitems:\n  - size: 1\n', () => [{ path: ['items', 0, 'size'], message: 'too small' }]);
    expect(p).toMatchObject({ line: 3, column: 11, field: 'items[0].size', message: 'too small' });
  });
});

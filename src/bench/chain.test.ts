import { describe, expect, it } from 'vitest';
import { capture, chainProblem, fill, usesPlaceholders } from './chain.js';

describe('chained load requests', () => {
  it('captures top-level string and number fields of a JSON answer', () => {
    const context: Record<string, string> = {};
    capture('{"id":"j 7","lease":42,"payload":{"id":"inner"}}', ['id', 'lease', 'missing'], context);
    expect(context).toEqual({ id: 'j 7', lease: '42' });
    capture('not json', ['id'], context);
    capture('[1,2]', ['id'], context);
    expect(context).toEqual({ id: 'j 7', lease: '42' });
  });

  it('fills paths URL-encoded and bodies JSON-escaped, and refuses a missing value', () => {
    const context = { id: 'j 7', lease: 'a"b' };
    expect(fill('/jobs/{{id}}/ack', context, 'path')).toBe('/jobs/j%207/ack');
    expect(JSON.parse(fill('{"lease":"{{lease}}"}', context, 'body')!)).toEqual({ lease: 'a"b' });
    expect(fill('/jobs/{{other}}/ack', context, 'path')).toBeUndefined();
    expect(fill('/plain', {}, 'path')).toBe('/plain');
  });

  it('refuses a placeholder in the first request of a cycle', () => {
    expect(usesPlaceholders({ path: '/a', body: '{"x":"{{id}}"}' })).toBe(true);
    expect(chainProblem([{ path: '/jobs/{{id}}' }])).toMatch(/first request/);
    expect(chainProblem([{ path: '/jobs', capture: ['id'] }, { path: '/jobs/{{id}}' }])).toBeUndefined();
  });
});

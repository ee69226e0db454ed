import { describe, expect, it } from 'vitest';
import { OperationsFile } from '../../catalog/schema/operations.js';
import { checkReply, requestProblem } from './operations.js';

const { operations } = OperationsFile.parse({
  operations: {
    set: {
      description: 'Stores a value under a key.',
      request: { key: 'string', value: 'any', ttlMs: { type: 'integer', optional: true } },
      reply: { ok: 'boolean', evicted: 'array' },
      errors: ['rejected'],
    },
    get: {
      description: 'Reads the value under a key.',
      request: { key: 'string' },
      reply: { hit: 'boolean', value: { type: 'string', optional: true, nullable: true } },
    },
    result: {
      description: 'Tells how a job ended; its ok reply names the error a job gave.',
      reply: { settled: 'boolean', error: { type: 'string', optional: true } },
    },
  },
});

describe('requests a check sends', () => {
  it('pass when they name a declared operation with its fields, optional ones left out or undefined', () => {
    expect(requestProblem(operations, { op: 'set', key: 'a', value: { any: 'thing' } })).toBeUndefined();
    expect(requestProblem(operations, { op: 'set', key: 'a', value: 1, ttlMs: 5 })).toBeUndefined();
    expect(requestProblem(operations, { op: 'set', key: 'a', value: null, ttlMs: undefined })).toBeUndefined();
  });

  it('are refused for an undeclared operation, an unknown, missing or mistyped field', () => {
    expect(requestProblem(operations, { op: 'put' })).toBe('the operation "put" is not declared (declared: set, get, result)');
    expect(requestProblem(operations, { op: 'toString' })).toMatch(/not declared/);
    expect(requestProblem(operations, { op: 'get', key: 'a', ttl: 3 })).toBe('"get" has no request field "ttl" (declared: key)');
    expect(requestProblem(operations, { op: 'set', value: 1 })).toBe('"set" needs the request field "key" (a string)');
    expect(requestProblem(operations, { op: 'set', key: 'a', value: 1, ttlMs: 2.5 })).toBe('"set" field "ttlMs" must be an integer, not 2.5');
    expect(requestProblem(operations, { op: 'get', key: null })).toBe('"get" field "key" must be a string, not null');
  });
});

describe('replies the program gives', () => {
  it('pass with every declared field of the right type, optional ones absent, nullable ones null', () => {
    expect(checkReply(operations, 'set', { ok: true, evicted: [] })).toEqual({ ok: true });
    expect(checkReply(operations, 'get', { hit: false })).toEqual({ ok: true });
    expect(checkReply(operations, 'get', { hit: true, value: null })).toEqual({ ok: true });
  });

  it('pass as declared errors and the wire\'s exception, whatever else they carry', () => {
    expect(checkReply(operations, 'set', { error: 'rejected', message: 'capacity', evicted: [] })).toEqual({ ok: true });
    expect(checkReply(operations, 'get', { error: 'exception', message: 'boom' })).toEqual({ ok: true });
  });

  it('fail as the program\'s fault for a missing or mistyped field or an error the operation never gives', () => {
    expect(checkReply(operations, 'set', { ok: true })).toEqual({ ok: false, blame: 'program', message: 'the reply to "set" has no "evicted" field (it must be an array)' });
    expect(checkReply(operations, 'get', { hit: 'yes' })).toEqual({ ok: false, blame: 'program', message: 'the reply to "get" has "hit": "yes", but it must be a boolean' });
    expect(checkReply(operations, 'get', { error: 'rejected' })).toEqual({
      ok: false, blame: 'program', message: 'the reply to "get" is the error "rejected", which that operation never answers (its only error reply is "exception")',
    });
    expect(checkReply(operations, 'set', { error: 'full' })).toMatchObject({ blame: 'program', message: expect.stringContaining('it may answer "rejected" or "exception"') });
  });

  it('read an "error" the ok reply declares as a field, not as an error reply', () => {
    expect(checkReply(operations, 'result', { settled: true, error: 'cancelled' })).toEqual({ ok: true });
    expect(checkReply(operations, 'result', { error: 'cancelled' })).toMatchObject({ blame: 'program', message: expect.stringContaining('no "settled" field') });
  });

  it('blame the lab when the driver disagrees with operations.yaml', () => {
    expect(checkReply(operations, 'get', { hit: true, value: 'v', extra: 1 })).toEqual({
      ok: false, blame: 'lab', message: 'the driver\'s reply to "get" has the field "extra", which operations.yaml does not declare',
    });
    expect(checkReply(operations, 'get', { error: 'unknown-op', op: 'get' })).toMatchObject({ blame: 'lab', message: expect.stringContaining('does not know the operation "get"') });
    expect(checkReply(operations, 'get', { error: 'bad-request', message: 'json: cannot unmarshal' })).toMatchObject({ blame: 'lab', message: expect.stringContaining('cannot unmarshal') });
  });
});

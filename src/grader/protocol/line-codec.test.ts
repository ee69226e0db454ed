import { describe, expect, it } from 'vitest';
import { decodeLine, encodeRequest, LineDecoder, STDOUT_LIMIT_BYTES } from './line-codec.js';

describe('line codec', () => {
  it('pairs a reply with its id and strips it from the body', () => {
    expect(decodeLine('{"id":3,"ok":true}')).toEqual({ kind: 'reply', id: 3, body: { ok: true } });
  });

  it('names each kind of junk with one fixed wording', () => {
    expect(decodeLine('hello')).toMatchObject({ kind: 'fault', message: expect.stringContaining('printed a line that is not JSON: "hello"') });
    expect(decodeLine('[1]')).toMatchObject({ kind: 'fault', message: expect.stringContaining('not a JSON object') });
    expect(decodeLine('{"ok":1}')).toMatchObject({ kind: 'fault', message: expect.stringContaining('without a numeric "id"') });
  });

  it('reassembles lines split across chunks and skips blank lines', () => {
    const d = new LineDecoder();
    expect(d.push('{"id":1,')).toEqual([]);
    expect(d.push('"a":1}\n\n{"id":2}\n')).toEqual([{ kind: 'reply', id: 1, body: { a: 1 } }, { kind: 'reply', id: 2, body: {} }]);
  });

  it('stops an unended line once, past the limit', () => {
    const d = new LineDecoder();
    expect(d.push('{"id":1}\n')).toHaveLength(1);
    expect(d.push('x'.repeat(STDOUT_LIMIT_BYTES / 2))).toEqual([]);
    expect(d.push('x'.repeat(STDOUT_LIMIT_BYTES / 2 + 1))).toEqual([{ kind: 'fault', message: expect.stringContaining('more than 1 MiB') }]);
    expect(d.push('\n{"id":2}\n')).toEqual([]);
  });

  it('lets replies add up past the limit: only a single line is bounded', () => {
    const d = new LineDecoder();
    const reply = `{"id":1,"pad":"${'y'.repeat(1000)}"}\n`;
    let decoded = 0;
    for (let i = 0; i < (2 * STDOUT_LIMIT_BYTES) / reply.length; i++) decoded += d.push(reply).filter((l) => l.kind === 'reply').length;
    expect(decoded).toBeGreaterThan(2000);
  });

  it('encodes one request per line with the id first', () => {
    expect(encodeRequest(7, { op: 'state' })).toBe('{"id":7,"op":"state"}\n');
  });
});

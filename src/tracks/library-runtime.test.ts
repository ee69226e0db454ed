// The library runtimes of the TypeScript and Go tracks (labs/tracks/<track>/library): a tiny driver on each
// wire gets a request of every kind the wire answers itself (its table's names included), and the replies
// are compared exactly.
import { execFile, spawn } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { TRACKS_DIR } from '../paths.js';
import { detectCommand } from './toolchain.js';

const run = promisify(execFile);
const dirs: string[] = [];
afterAll(async () => { await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))); });

async function workspace(track: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `wire-${track}-`));
  dirs.push(dir);
  await cp(join(TRACKS_DIR, track, 'library'), dir, { recursive: true });
  return dir;
}

/** Writes the lines to the program, closes its stdin, and returns its replies by id (null: no id). */
async function exchange(command: string, args: string[], lines: string[]): Promise<Map<number | null, Record<string, unknown>>> {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
  child.stderr.on('data', (c: Buffer) => { err += c.toString(); });
  child.stdin.end(lines.map((l) => `${l}\n`).join(''));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(code, `the program exited with ${code}: ${err}`).toBe(0);
  const replies = new Map<number | null, Record<string, unknown>>();
  for (const line of out.split('\n').filter(Boolean)) {
    const { id, ...body } = JSON.parse(line) as { id: number | null };
    expect(replies.has(id), `two replies for id ${id}: ${out}`).toBe(false);
    replies.set(id, body);
  }
  return replies;
}

// The same requests for both tracks: echo answers at once, hold answers when release is handled.
const LINES = [
  '{"id":1,"op":"echo","text":"hi"}',
  'this is not JSON',
  '{"id":2}',
  '{"id":3,"op":"nope"}',
  '{"id":4,"op":"boom"}',
  '{"id":5,"op":"hold"}',
  '{"id":6,"op":"release"}',
  '',
  '{"id":7,"op":"echo","text":"after"}',
  '{"id":9,"op":"__operations"}',
];

function expectWireReplies(replies: Map<number | null, Record<string, unknown>>, panicPrefix: string): void {
  expect(replies.get(1)).toEqual({ text: 'hi' });
  expect(replies.get(null)).toMatchObject({ error: 'bad-request' });
  expect(replies.get(2)).toEqual({ error: 'bad-request', message: 'no string "op"' });
  expect(replies.get(3)).toEqual({ error: 'unknown-op', op: 'nope' });
  expect(replies.get(4)).toEqual({ error: 'exception', message: `${panicPrefix}boom` });
  expect(replies.get(5)).toEqual({ held: true });
  expect(replies.get(6)).toEqual({ ok: true });
  expect(replies.get(7)).toEqual({ text: 'after' });
  expect(replies.get(9)).toEqual({ operations: ['boom', 'echo', 'hold', 'release'] });
  expect(replies.size).toBe(9);
}

// In CI a missing toolchain is a failure, never a silent skip.
const hasGo = !!process.env.CI || (await detectCommand({ command: 'go', versionArgs: ['version'] })).ok;

describe('library runtimes', () => {
  it('TypeScript: one reply per request, the wire\'s own error replies, and answers given later', async () => {
    const dir = await workspace('ts');
    await writeFile(join(dir, 'driver.ts'), `
import { later, serve } from "./wire.ts";
let release: () => void = () => undefined;
await serve({
  echo: (req) => ({ text: req.text }),
  boom: () => { throw new Error("boom"); },
  hold: () => later(new Promise((resolve) => { release = () => resolve({ held: true }); })),
  release: () => { release(); return { ok: true }; },
});
`);
    await build({ entryPoints: [join(dir, 'driver.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: join(dir, 'out.mjs'), logLevel: 'error' });
    expectWireReplies(await exchange(process.execPath, [join(dir, 'out.mjs')], LINES), '');
  });

  it.skipIf(!hasGo)(
    'Go: the same, fields decoded per operation, a field of the wrong type refused as a bad request', async () => {
      const dir = await workspace('go');
      await writeFile(join(dir, 'driver.go'), `package main

import "lab/wire"

type fields struct {
	Text string \`json:"text"\`
}

func main() {
	release, answered := make(chan struct{}), make(chan struct{})
	wire.Serve(map[string]wire.Operation{
		"echo": wire.With(func(f fields) wire.Reply { return wire.Reply{"text": f.Text} }),
		"boom": func(r *wire.Request) wire.Reply { panic("boom") },
		"hold": func(r *wire.Request) wire.Reply {
			go func() {
				<-release
				r.Answer(wire.Reply{"held": true})
				close(answered)
			}()
			return nil
		},
		"release": func(r *wire.Request) wire.Reply {
			close(release)
			<-answered
			return wire.Reply{"ok": true}
		},
	})
}
`);
      await run('go', ['build', '-o', join(dir, 'program'), '.'], { cwd: dir, env: { ...process.env, GOFLAGS: '-mod=mod', GO111MODULE: 'on' } });
      const replies = await exchange(join(dir, 'program'), [], [...LINES, '{"id":8,"op":"echo","text":5}']);
      expect(replies.get(8)).toMatchObject({ error: 'bad-request' });
      replies.delete(8);
      expectWireReplies(replies, 'panic: ');
    });
});

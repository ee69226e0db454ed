import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LoadedLab } from '../../catalog/catalog.js';
import type { Track } from '../../catalog/schema/track.js';
import { OperationsFile } from '../../catalog/schema/operations.js';
import type { Program } from '../api.js';
import { CheckFailure, LabBug, type Step } from '../check-failure.js';
import { STANDBY_LAUNCHER } from '../process/standby.js';
import { openLibraryDriver } from './library.js';

// A tiny driver: counts its starts in a file in its working folder, echoes, and exits on "crash".
const SCRIPT = `
const fs = require('node:fs');
const starts = (fs.existsSync('starts') ? Number(fs.readFileSync('starts', 'utf8')) : 0) + 1;
fs.writeFileSync('starts', String(starts));
require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
  const req = JSON.parse(line);
  if (req.op === 'crash') process.exit(75);
  process.stdout.write(JSON.stringify({ id: req.id, starts, echo: req.value ?? null }) + '\\n');
});`;

async function session(operations?: LoadedLab['operations']) {
  const cwd = await mkdtemp(join(tmpdir(), 'sysdesign-library-'));
  const lab = { replyTimeoutMs: 2000, operations } as LoadedLab;
  const track = { faults: [] } as unknown as Track;
  const s = await openLibraryDriver({ lab, track, spawn: { command: process.execPath, args: ['-e', SCRIPT], cwd, env: {} }, env: process.env, signal: new AbortController().signal } as never);
  const steps: Step[] = [];
  const program = s.contextFor(steps).program as Program;
  return { s, program, steps };
}

describe('the library driver session', () => {
  it('reports an injected crash as an exit, then restarts the program in the same folder', async () => {
    const { s, program, steps } = await session();
    try {
      expect(await program.call({ op: 'echo', value: 1 })).toEqual({ starts: 1, echo: 1 });
      expect(await program.callExpectingExit({ op: 'crash' })).toEqual({ exited: true, code: 75, signal: null });
      expect(s.alive).toBe(false);
      await program.restart();
      expect(s.alive).toBe(true);
      expect(await program.call({ op: 'echo', value: 2 })).toEqual({ starts: 2, echo: 2 });
      expect(steps.filter((x) => x.kind === 'note').map((x) => (x as { text: string }).text)).toEqual([
        'your program exited with code 75 (the crash this check injected)',
        'started your program again (same build, same working folder)',
      ]);
    } finally {
      await s.stop();
    }
  });

  it('returns the reply when the program answers instead of exiting', async () => {
    const { s, program } = await session();
    try {
      expect(await program.callExpectingExit({ op: 'echo', value: 3 })).toEqual({ exited: false, reply: { starts: 1, echo: 3 } });
    } finally {
      await s.stop();
    }
  });

  it('after a restart keeps a process in standby and releases it at the next one: the program starts only then, over the files there then', async () => {
    // Says whether "marker" existed when its code began, which a process started ahead must not have seen.
    const script = `${SCRIPT}\nprocess.stderr.write('marker ' + fs.existsSync('marker') + '\\n');`;
    const cwd = await mkdtemp(join(tmpdir(), 'sysdesign-library-'));
    await writeFile(join(cwd, 'program.cjs'), script);
    const spec = { command: process.execPath, args: ['program.cjs'], cwd, env: {} };
    const standby = { ...spec, args: ['--input-type=module', `--eval=${STANDBY_LAUNCHER}`, 'program.cjs'] };
    const lab = { replyTimeoutMs: 5000 } as LoadedLab;
    const track = { faults: [], startAllowanceMs: 10_000 } as unknown as Track;
    const s = await openLibraryDriver({ lab, track, spawn: { ...spec, standby }, env: process.env, signal: new AbortController().signal } as never);
    const program = s.contextFor([]).program as Program;
    try {
      await program.callExpectingExit({ op: 'crash' });
      await program.restart(); // a fresh start; from now on one process waits in standby
      expect(await program.call({ op: 'echo', value: 1 })).toEqual({ starts: 2, echo: 1 });
      await writeFile(join(cwd, 'marker'), '');
      await program.callExpectingExit({ op: 'crash' });
      await program.restart(); // the standby process, started before the marker was written
      expect(await program.call({ op: 'echo', value: 2 })).toEqual({ starts: 3, echo: 2 });
      expect(s.outputTail()).toContain('marker true');
    } finally {
      await s.stop();
    }
  });

  it('gives a fresh process its start-up allowance before its first reply, and only the reply bound after it', async () => {
    // Starts slower than the reply bound (a busy machine loading the runtime), then ignores "hang".
    const slowStart = `setTimeout(() => require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
      const req = JSON.parse(line);
      if (req.op !== 'hang') process.stdout.write(JSON.stringify({ id: req.id, ok: true }) + '\\n');
    }), 600);`;
    const cwd = await mkdtemp(join(tmpdir(), 'sysdesign-library-'));
    const lab = { replyTimeoutMs: 200 } as LoadedLab;
    const track = { faults: [], startAllowanceMs: 5000 } as unknown as Track;
    const s = await openLibraryDriver({ lab, track, spawn: { command: process.execPath, args: ['-e', slowStart], cwd, env: {} }, env: process.env, signal: new AbortController().signal } as never);
    const program = s.contextFor([]).program as Program;
    try {
      expect(await program.call({ op: 'echo' })).toEqual({ ok: true });
      await expect(program.call({ op: 'hang' })).rejects.toThrow(/^did not answer \{"op":"hang"\} within 200 ms$/);
    } finally {
      await s.stop();
    }
  });

  it('holds requests and replies against the lab\'s operations: a bad request is the lab\'s bug, a bad reply the program\'s failure', async () => {
    const { operations } = OperationsFile.parse({
      operations: {
        echo: { description: 'Echoes its value.', request: { value: { type: 'integer', optional: true } }, reply: { starts: 'integer', echo: { type: 'integer', nullable: true } } },
        crash: { description: 'Exits at once.' },
        label: { description: 'Answers a label the program never gives.', request: { value: 'string' }, reply: { starts: 'integer', echo: 'string', label: 'string' } },
      },
    });
    const { s, program, steps } = await session(operations);
    try {
      expect(await program.call({ op: 'echo', value: 1 })).toEqual({ starts: 1, echo: 1 });
      expect(await program.call({ op: 'echo' })).toEqual({ starts: 1, echo: null });
      await expect(program.call({ op: 'echoes' })).rejects.toThrow(new LabBug('the check sent {"op":"echoes"}, which operations.yaml does not allow: the operation "echoes" is not declared (declared: echo, crash, label)'));
      await expect(program.call({ op: 'echo', value: 'one' })).rejects.toBeInstanceOf(LabBug);
      expect(() => program.start({ op: 'echo', extra: true })).toThrow(LabBug);
      const failure = await program.call({ op: 'label', value: 'x' }).then(() => undefined, (e: unknown) => e);
      expect(failure).toBeInstanceOf(CheckFailure);
      expect((failure as CheckFailure).message).toBe('the reply to "label" has no "label" field (it must be a string)');
      // The transcript shows the reply that broke the contract.
      expect(steps.at(-1)).toEqual({ kind: 'reply', request: { op: 'label', value: 'x' }, reply: { starts: 1, echo: 'x' } });
      // expect() keeps what the check was proving in front.
      await expect(program.expect({ op: 'label', value: 'y' }, { label: 'y' }, { message: 'label(y) must be y' }))
        .rejects.toMatchObject({
          message: 'label(y) must be y (the reply to "label" has no "label" field (it must be a string))', expected: { label: 'y' }, received: { starts: 1, echo: 'y' },
        });
    } finally {
      await s.stop();
    }
  });
});

import { watch as watchFs, watchFile, unwatchFile, type FSWatcher } from 'node:fs';
import { join, relative } from 'node:path';
import { z } from 'zod';
import { ExitCode } from '../exit-codes.js';
import type { GradeResult } from '../grader/events.js';
import { recordGrade } from '../progress/labs.js';
import { colorsFor } from '../ui/colors.js';
import { listFiles } from '../workspace/files.js';
import type { Workspace } from '../workspace/locate.js';
import { METADATA_DIR } from '../workspace/metadata.js';
import { storeFor, workspaceLab } from './catalog-access.js';
import type { Action } from './commands.js';
import type { CliContext } from './context.js';
import { parseOptions } from './shared-options.js';

export const WatchOptions = z.object({
  dir: z.string().optional(),
  poll: z.boolean().default(false),
  debounce: z.coerce.number().int().min(20).max(5000).default(250),
});
export type WatchOptions = z.infer<typeof WatchOptions>;

export const action: Action = (_args, raw, ctx) => runWatch(parseOptions(WatchOptions, raw), ctx);

const KEYS = 'h hint · r re-run · b benchmark · q quit';

/**
 * Grades on every save (debounced), cancelling a grade a newer save supersedes; survives build errors
 * and crashing programs. Keys: h, r, b, q. Falls back to polling where file events are unreliable.
 */
export async function runWatch(opts: WatchOptions, ctx: CliContext): Promise<number> {
  const { ws, lab, track } = await workspaceLab(ctx, { dir: opts.dir }, { toolchain: true });
  const [{ gradeProgram }, { randomSeed }, { SummaryReporter }] = await Promise.all([
    import('../grader/grade.js'), import('../grader/random.js'), import('../grader/report/summary.js')]);
  const c = colorsFor(ctx.stdout, ctx.env);
  // Which run this is, when it started and what set it off: a save that changed nothing still shows a new run.
  let run = { n: 0, at: '', why: 'started' };
  const screen = (text: string) => {
    if (ctx.stdout.isTTY) ctx.stdout.write('\x1b[2J\x1b[H');
    const status = `run ${run.n} at ${run.at}, ${run.why}`;
    ctx.stdout.write(`${c.bold(`${lab.title}`)} ${c.dim(`(${ws.metadata.track}) — watching ${relative(ctx.cwd, ws.dir) || '.'}`)}\n${c.dim(status)}\n\n${text}\n\n${c.dim(KEYS)}\n`);
  };

  let current: AbortController | undefined;
  let generation = 0;
  const grade = async (why: string) => {
    current?.abort(new Error('superseded by a newer save'));
    const controller = new AbortController();
    current = controller;
    const mine = ++generation;
    run = { n: run.n + 1, at: ctx.now().toTimeString().slice(0, 8), why };
    screen(c.dim('Grading…'));
    let text = '';
    try {
      const result: GradeResult = await gradeProgram({
        lab, track, trackId: ws.metadata.track, layers: [ws.dir], buildRoot: join(ws.dir, METADATA_DIR, 'build'),
        seed: randomSeed(), env: ctx.env, signal: AbortSignal.any([ctx.signal, controller.signal]),
        reporters: [new SummaryReporter(c, (t) => { text = t; })],
      });
      if (mine !== generation) return;
      await recordGrade(storeFor(ctx), result, ws.dir, ctx.now());
    } catch (error) {
      if (mine !== generation) return;
      text = c.red(`✘ ${(error as Error).message}`);
    }
    if (mine === generation) screen(text);
  };

  const stopWatching = await watchLearnerFiles(ws, opts, (file) => void grade(file ? `after a change to ${file}` : 'after a change'));
  void grade('on start');
  const code = await readKeys(ctx, {
    h: async () => {
      const { runHint } = await import('./hint.js');
      ctx.stdout.write('\n');
      await runHint(undefined, { dir: ws.dir, all: false }, ctx);
    },
    r: async () => { await grade('re-run by r'); },
    b: async () => {
      if (!lab.bench) { ctx.stdout.write(c.dim(`\n${lab.id} is a library lab: it has no load benchmark.\n`)); return; }
      const bench = await import('./bench.js').catch(() => undefined);
      if (bench) await bench.action([], { dir: ws.dir }, ctx);
    },
  });
  current?.abort(new Error('watch ended'));
  stopWatching();
  return code;
}

/** Calls `onChange` (debounced) with the file that changed; fs.watch, or polling when asked or unavailable. */
async function watchLearnerFiles(ws: Workspace, opts: WatchOptions, onChange: (file: string | null) => void): Promise<() => void> {
  let timer: NodeJS.Timeout | undefined;
  const fire = (file: string | null) => { clearTimeout(timer); timer = setTimeout(() => onChange(file), opts.debounce); };
  const relevant = (name: string | null) => !name || !name.split(/[\\/]/).some((part) => part === METADATA_DIR || part === 'node_modules');
  if (!opts.poll) {
    try {
      const watcher: FSWatcher = watchFs(ws.dir, { recursive: false }, (_event, name) => { if (relevant(name)) fire(name); });
      return () => { clearTimeout(timer); watcher.close(); };
    } catch { /* fall through to polling */ }
  }
  const files = (await listFiles(ws.dir)).filter(relevant).map((f) => join(ws.dir, f));
  for (const file of files) watchFile(file, { interval: 300 }, (now, before) => { if (now.mtimeMs !== before.mtimeMs) fire(relative(ws.dir, file)); });
  return () => { clearTimeout(timer); for (const file of files) unwatchFile(file); };
}

/** Reads single keys (raw mode on a terminal, lines otherwise) until q, Ctrl-C or end of input. */
function readKeys(ctx: CliContext, handlers: Record<string, () => Promise<void>>): Promise<number> {
  return new Promise((resolve) => {
    const stdin = ctx.stdin as NodeJS.ReadStream;
    const raw = Boolean(stdin.isTTY && stdin.setRawMode);
    if (raw) stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    const finish = (code: number) => {
      stdin.off('data', onData);
      if (raw) stdin.setRawMode(false);
      stdin.pause();
      resolve(code);
    };
    const onData = (data: string) => {
      for (const key of data.trim().toLowerCase()) {
        if (key === 'q' || key === '\u0003') return finish(ExitCode.Ok);
        void handlers[key]?.();
      }
    };
    stdin.on('data', onData);
    stdin.once('end', () => finish(ExitCode.Ok));
    ctx.signal.addEventListener('abort', () => finish(130), { once: true });
    stdin.resume();
  });
}

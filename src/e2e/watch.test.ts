// `sysdesign watch` in a real pseudo-terminal (tmux): start a lab, save a wrong file, see the failure,
// save the right file, see the pass, press q, and no process remains.
import { execSync } from 'node:child_process';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES_DIR, LABS_DIR } from '../paths.js';
import { processesUnder } from './helpers/processes.js';
import { BIN, startedWorkspace } from './helpers/run-cli.js';
import { hasTmux, tmux, waitForScreen } from './helpers/tmux.js';

const waitFor = (session: string, pattern: RegExp) => waitForScreen(session, pattern, { history: 200 });

describe.skipIf(!hasTmux && !process.env.CI)('sysdesign watch in a terminal', () => {
  for (const poll of [false, true]) {
    it(`regrades on save, shows the failing check, then the pass, and quits on q${poll ? ' (polling)' : ''}`, async () => {
      const { home, dir } = await startedWorkspace('circuit-breaker', 'ts');
      const session = `sysdesign-watch-${process.pid}-${poll ? 'poll' : 'events'}`;
      tmux(`new-session -d -s ${session} -x 160 -y 60 "cd '${dir}' && SYSDESIGN_HOME='${home}' NO_COLOR=1 '${process.execPath}' '${BIN}' watch --debounce 100${poll ? ' --poll' : ''}"`);
      try {
        await waitFor(session, /Stage 1\/7[\s\S]*✘/);
        await copyFile(join(FIXTURES_DIR, 'submissions', 'circuit-breaker', 'ts', 'trip-off-by-one', 'breaker.ts'), join(dir, 'breaker.ts'));
        const failing = await waitFor(session, /Stage 2\/7[\s\S]*✘[\s\S]*expected/);
        expect(failing).toContain('✔ Stage 1: pass-through');
        await copyFile(join(LABS_DIR, 'circuit-breaker', 'tracks', 'ts', 'reference', 'breaker.ts'), join(dir, 'breaker.ts'));
        await waitFor(session, /All 7 stages passed/);
        tmux(`send-keys -t ${session} q`);
        const until = Date.now() + 10_000;
        while (Date.now() < until && processesUnder(dir).length > 0) await new Promise((r) => setTimeout(r, 100));
        expect(processesUnder(dir)).toEqual([]);
      } finally {
        try { tmux(`kill-session -t ${session}`); } catch { /* it ended with the watcher */ }
      }
    });
  }
});

describe.skipIf(!hasTmux && !process.env.CI)('sysdesign watch: what ran, when and why', () => {
  it('shows the run number, its time and the file that changed, also for a save that changes nothing; hints wrap at words', async () => {
    const { home, dir } = await startedWorkspace('circuit-breaker', 'ts');
    const session = `sysdesign-watch-${process.pid}-status`;
    const width = 60;
    tmux(`new-session -d -s ${session} -x ${width} -y 80 "cd '${dir}' && SYSDESIGN_HOME='${home}' NO_COLOR=1 '${process.execPath}' '${BIN}' watch --debounce 100"`);
    try {
      await waitForScreen(session, /run 1 at \d\d:\d\d:\d\d, on start[\s\S]*Stage 1\/7[\s\S]*✘/);
      // The same bytes again: nothing changed, yet the learner sees that a second run happened, and why.
      const file = join(dir, 'breaker.ts');
      await writeFile(file, await readFile(file));
      await waitForScreen(session, /run \d+ at \d\d:\d\d:\d\d, after a change to breaker\.ts\n[\s\S]*✘/);
      tmux(`send-keys -t ${session} h`);
      const shown = await waitForScreen(session, /Hint 1 of \d+[\s\S]*\n\n/);
      const hint = shown.slice(shown.indexOf('Hint 1 of')).split('\n\n')[0].split('\n').slice(1);
      expect(hint.length).toBeGreaterThan(1);
      // Wrapped by us a column short of the width: a line the terminal cut would fill it exactly.
      for (const line of hint) expect(line.length, line).toBeLessThan(width);
      tmux(`send-keys -t ${session} q`);
    } finally {
      try { tmux(`kill-session -t ${session}`); } catch { /* it ended with the watcher */ }
    }
  });
});

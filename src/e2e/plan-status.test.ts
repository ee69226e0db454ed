// "Due" means one thing on every screen; status's Next follows the lab being worked on; plan says when an
// item's labs passed and only its questions are left; on a terminal, plan wraps lines whole and ends them.
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LABS_DIR } from '../paths.js';
import { BIN, runCli, startedWorkspace } from './helpers/run-cli.js';
import { hasTmux, tmux, waitForScreen } from './helpers/tmux.js';

describe('status and plan after grading', () => {
  it('counts the questions a failed grade queued as due, points Next at that lab, and shows what a passed lab leaves', async () => {
    const { home, dir } = await startedWorkspace('snowflake', 'ts');
    const failed = await runCli(['grade'], { home, cwd: dir });
    expect(failed.exitCode).toBe(1);
    // Stage 1 names its questions in lab.yaml: those are queued, not the whole plan item's.
    const queued = Number(failed.stdout.match(/Queued (\d+) quiz questions on the stage "Lay out the 64 bits, and decode them"/)![1]);
    expect(queued).toBe(2);

    const status = await runCli(['status'], { home, cwd: dir });
    expect(status.stdout).toContain(`Quiz    ${queued} questions due today (${queued} queued by failed lab checks)`);
    expect(status.stdout).toMatch(/Next {4}Distributed ID Generation.*continue lab snowflake \(stage 1 of \d+\): `npx sysdesign grade snowflake`/);
    const json = JSON.parse((await runCli(['status', '--json'], { home, cwd: dir })).stdout);
    expect(json.quiz).toMatchObject({ dueToday: queued, queued });

    await copyFile(join(LABS_DIR, 'snowflake', 'tracks', 'ts', 'reference', 'snowflake.ts'), join(dir, 'snowflake.ts'));
    expect((await runCli(['grade'], { home, cwd: dir })).exitCode).toBe(0);
    const plan = await runCli(['plan'], { home, cwd: dir });
    expect(plan.stdout).toContain('[ ] Distributed ID Generation (Snowflake, UUID)  (lab snowflake: passed · labs passed, questions left: `npx sysdesign quiz --plan hld.distributed.id-generation`');
    const after = await runCli(['status'], { home, cwd: dir });
    expect(after.stdout).toMatch(new RegExp(`Next {4}Distributed ID Generation.*: its labs passed, ${queued} questions due.*: \`npx sysdesign quiz --plan hld\\.distributed\\.id-generation\``));
  });
});

describe.skipIf(!hasTmux && !process.env.CI)('plan on a terminal', () => {
  it('wraps a long item as one paragraph and ends with a newline', async () => {
    const { home } = await startedWorkspace('lru-cache', 'ts');
    const session = `sysdesign-plan-${process.pid}`;
    tmux(`new-session -d -s ${session} -x 70 -y 200 "SYSDESIGN_HOME='${home}' NO_COLOR=1 '${process.execPath}' '${BIN}' plan; echo END-\\$?; sleep 600"`);
    try {
      const screen = await waitForScreen(session, /^END-/m, { history: 300 });
      // The next line starts at column 0: the output ended with a newline, and the exit code is 0.
      expect(screen).toMatch(/^END-0$/m);
      // The mark and the title share a line, and the wrapped rest starts the next line at its left edge,
      // not in a column of its own beside the mark.
      expect(screen).toMatch(/^ {4}○ Caching: Strategies and Patterns \(e\.g\., Write-Through,.*\n\S/m);
    } finally {
      tmux(`kill-session -t ${session}`);
    }
  });
});

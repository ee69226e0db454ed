// The quiz screen (ink) in a real terminal: tmux at 80x24 with NO_COLOR=1. A tall card keeps its header
// and scrolls, prose wraps to the width, code fences read as code, nothing is coloured, Enter with nothing
// chosen answers nothing, and q ends the session with its summary.
import { describe, expect, it } from 'vitest';
import { fixtureBankDir } from '../quiz/test-support/fixture-bank.js';
import { BIN, tempDir } from './helpers/run-cli.js';
import { hasTmux, screen, tmux, waitForScreen } from './helpers/tmux.js';

const notes = Array.from({ length: 24 }, (_, i) => `  - Note ${i + 1}: the pool has eight workers and one owner.`).join('\n');
const TALL = `topic: tall
title: A tall card
questions:
  - id: tall.pool
    kind: choice
    plan: [lld.concurrency.worker-pool]
    prompt: |
      A worker pool drains a queue of jobs. The code below is the loop each worker runs; the owner closes the jobs channel when the producer is done, then waits for every worker before it closes the results channel and returns its summary to the caller.
      \`\`\`go
      for job := range jobs {
          results <- process(job)
      }
      wg.Done()
      \`\`\`
${notes.replace(/^/gm, '    ')}
      Which change keeps a panic in process from hanging the owner forever?
    options:
      - Call wg.Done() in a defer at the top of the worker
      - Make the results channel unbuffered so the owner sees it
      - Close the jobs channel from every worker when it stops
    answer: [0]
    explanation: A deferred Done runs while the panic unwinds, so Wait returns; the other two change nothing or panic.
`;

describe.skipIf(!hasTmux && !process.env.CI)('sysdesign quiz in a terminal (tmux, 80x24, NO_COLOR=1)', () => {
  it('keeps the header of a tall card, scrolls, wraps, draws code, uses no colour, and quits on q', async () => {
    const home = await tempDir();
    const bank = fixtureBankDir({ 'tall.yaml': TALL });
    const session = `sysdesign-quiz-${process.pid}`;
    const env = `SYSDESIGN_HOME='${home}' SYSDESIGN_QUESTIONS='${bank}' SYSDESIGN_NOW=2025-03-03T12:00:00Z NO_COLOR=1 TERM=xterm-256color`;
    // The shell line after the quiz keeps the pane open, so the summary can be read after the quiz exits.
    tmux(`new-session -d -s ${session} -x 80 -y 24 "${env} '${process.execPath}' '${BIN}' quiz --seed 1 --count 2 --topic tall; echo EXITED \\$?; read line"`);
    try {
      const first = await waitForScreen(session, /Card 1 of 1 · A tall card · single choice/);
      const rows = first.replace(/\n+$/, '').split('\n');
      expect(rows.length).toBeLessThanOrEqual(24);
      expect(rows[0]).toContain('Card 1 of 1 · A tall card · single choice');
      expect(first).not.toContain('tall.pool');
      // The options (the cursor's row) are in view; the start of the prompt is scrolled away above.
      expect(first).toMatch(/↑ \d+ more lines \(PgUp\)/);
      expect(first).toMatch(/› \( \) a\) /);
      expect(screen(session, { escapes: true })).not.toMatch(/\u001B\[(3[0-7]|9[0-7]|38;|4[0-7]|10[0-7])(;\d+)*m/);

      for (let i = 0; i < 3; i++) tmux(`send-keys -t ${session} PPage`);
      const top = await waitForScreen(session, /A worker pool drains/);
      expect(top.split('\n')[0]).toContain('Card 1 of 1 · A tall card');
      // The paragraph is reflowed to the width: whole, unclipped, no row wider than the screen.
      const joined = top.split('\n').map((l) => l.trim()).join(' ');
      expect(joined).toContain('returns its summary to the caller.');
      expect(top).not.toContain('…');
      expect(top).toContain('│ for job := range jobs {');
      expect(top).toContain('│     results <- process(job)');

      tmux(`send-keys -t ${session} Enter`);
      await waitForScreen(session, /Choose first: a letter a-c/);
      tmux(`send-keys -t ${session} b`);
      await waitForScreen(session, /› \(•\) b\) /);
      tmux(`send-keys -t ${session} Enter`);
      // The result starts the view: the verdict, the options marked, the explanation.
      const result = await waitForScreen(session, /✘ Wrong: the answer is [ac]\./);
      expect(result.split('\n')[0]).toContain('Card 1 of 2 · A tall card');
      expect(result).toMatch(/\(•\) b\) .* {2}✘ your pick/);
      const flowing = result.replace(/\s+/g, ' ');
      expect(flowing).toContain('✔ right (not picked)');
      expect(flowing).toContain('A deferred Done runs while the panic unwinds');
      tmux(`send-keys -t ${session} q`);
      const end = await waitForScreen(session, /EXITED \d+/);
      expect(end).toContain('Score: 0 of 1 right (0%)');
      expect(end).toContain('EXITED 0');
    } finally {
      try { tmux(`kill-session -t ${session}`); } catch { /* already gone */ }
    }
  });
});

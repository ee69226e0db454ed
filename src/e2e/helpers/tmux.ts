import { execSync } from 'node:child_process';

/** Tests of full-screen commands run them in a real pseudo-terminal: a detached tmux session. */
export const hasTmux = (() => { try { execSync('tmux -V', { stdio: 'ignore' }); return true; } catch { return false; } })();

export const tmux = (args: string): string => execSync(`tmux ${args}`, { encoding: 'utf8' });

/** The pane's text (`history` rows of scroll-back too); with `escapes`, as the terminal holds it, colours included. */
export const screen = (session: string, opts: { history?: number; escapes?: boolean } = {}): string =>
  tmux(`capture-pane -p ${opts.escapes ? '-e ' : ''}-t ${session}${opts.history ? ` -S -${opts.history}` : ''}`);

/** Waits for the screen to show `pattern` (polling the pane, bounded), and returns it. */
export async function waitForScreen(session: string, pattern: RegExp, opts: { limitMs?: number; history?: number } = {}): Promise<string> {
  const until = Date.now() + (opts.limitMs ?? 60_000);
  let text = '';
  while (Date.now() < until) {
    text = screen(session, { history: opts.history });
    if (pattern.test(text)) return text;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the screen never showed ${pattern}:\n${text}`);
}

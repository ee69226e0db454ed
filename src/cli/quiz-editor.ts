import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliContext } from './context.js';

/**
 * Opens `$VISUAL`/`$EDITOR` on a temp file holding `text` and returns what the learner saved. The ink
 * screen is frozen meanwhile (the call blocks), and the terminal leaves raw mode so the editor owns it.
 */
export function editInEditor(editor: string, text: string, ctx: Pick<CliContext, 'stdin'>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sysdesign-answer-'));
  const file = join(dir, 'answer.md');
  writeFileSync(file, text);
  const stdin = ctx.stdin as { setRawMode?: (on: boolean) => void; isTTY?: boolean };
  if (stdin.isTTY) stdin.setRawMode?.(false);
  try {
    // Through a shell, because EDITOR often carries arguments ("code --wait").
    spawnSync(`${editor} ${JSON.stringify(file)}`, { shell: true, stdio: 'inherit' });
    return readFileSync(file, 'utf8');
  } finally {
    if (stdin.isTTY) stdin.setRawMode?.(true);
    rmSync(dir, { recursive: true, force: true });
  }
}

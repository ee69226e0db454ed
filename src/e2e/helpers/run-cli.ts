import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { PROJECT_ROOT } from '../../paths.js';

export const BIN = join(PROJECT_ROOT, 'bin', 'sysdesign.js');

export interface CliRun { exitCode: number; stdout: string; stderr: string }

/** Runs the built `sysdesign` binary as a user would, never touching the real progress store. */
export async function runCli(args: string[], options: { cwd?: string; env?: Record<string, string>; input?: string; home: string; timeoutMs?: number }): Promise<CliRun> {
  const result = await execa(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? PROJECT_ROOT,
    env: { NO_COLOR: '1', ...options.env, SYSDESIGN_HOME: options.home },
    input: options.input ?? '',
    reject: false,
    timeout: options.timeoutMs ?? 120_000,
  });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

export function tempDir(prefix = 'sysdesign-e2e-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** A lab started through the CLI in a fresh folder, with its own temp store. */
export async function startedWorkspace(lab = 'circuit-breaker', lang = 'ts'): Promise<{ home: string; dir: string }> {
  const home = await tempDir();
  const dir = join(await tempDir(), 'ws');
  const started = await runCli(['start', lab, '--lang', lang, '--dir', dir], { home });
  if (started.exitCode !== 0) throw new Error(`sysdesign start ${lab} failed: ${started.stderr}`);
  return { home, dir };
}

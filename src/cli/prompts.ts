import type { CliContext } from './context.js';

/** A yes/no question on the terminal (enquirer, loaded only when asked). */
export async function askYesNo(question: string, ctx: CliContext): Promise<boolean> {
  const { default: Enquirer } = await import('enquirer');
  const answer = await Enquirer.prompt({ type: 'confirm', name: 'ok', message: question, initial: false, stdin: ctx.stdin, stdout: ctx.stdout } as never) as { ok: boolean };
  return answer.ok;
}

/** One choice among several on the terminal. */
export async function askChoice(message: string, choices: Array<{ name: string; message: string }>, ctx: CliContext): Promise<string> {
  const { default: Enquirer } = await import('enquirer');
  const answer = await Enquirer.prompt({ type: 'select', name: 'choice', message, choices, stdin: ctx.stdin, stdout: ctx.stdout } as never) as { choice: string };
  return answer.choice;
}

import { z } from 'zod';
import { UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { localDay } from '../progress/local-time.js';
import { recordNote } from '../progress/plan-records.js';
import { storeFor } from './catalog-access.js';
import type { Action } from './commands.js';
import type { CliContext } from './context.js';
import { parseOptions } from './shared-options.js';

export const NoteOptions = z.object({});

export const action: Action = (args, raw, ctx) => {
  parseOptions(NoteOptions, raw);
  return runNote(args.join(' '), ctx);
};

/** Adds a note to today's entry of the session log. */
export async function runNote(text: string, ctx: CliContext): Promise<number> {
  const note = text.trim();
  if (!note) throw new UsageError('the note is empty', 'run `sysdesign note "what you want to remember"`.');
  const now = ctx.now();
  await recordNote(storeFor(ctx), note, now);
  ctx.stdout.write(`Noted in the log for ${localDay(now)}.\n`);
  return ExitCode.Ok;
}

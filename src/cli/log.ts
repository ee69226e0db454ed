import { z } from 'zod';
import { ExitCode } from '../exit-codes.js';
import { weekday } from '../progress/local-time.js';
import { sessionLog } from '../progress/session-log.js';
import { colorsFor } from '../ui/colors.js';
import { storeFor } from './catalog-access.js';
import type { Action } from './commands.js';
import type { CliContext } from './context.js';
import { parseOptions } from './shared-options.js';

export const LogOptions = z.object({
  days: z.coerce.number().int().positive('give a number of days, 1 or more').optional(),
  json: z.boolean().default(false),
});
export type LogOptions = z.infer<typeof LogOptions>;

export const action: Action = (_args, raw, ctx) => runLog(parseOptions(LogOptions, raw), ctx);

/** The session log: one entry per local day with activity, oldest first. */
export async function runLog(opts: LogOptions, ctx: CliContext): Promise<number> {
  const progress = await storeFor(ctx).read();
  const days = sessionLog(progress, { now: ctx.now(), days: opts.days });
  if (opts.json) {
    ctx.stdout.write(`${JSON.stringify({ days }, null, 2)}\n`);
    return ExitCode.Ok;
  }
  const c = colorsFor(ctx.stdout, ctx.env);
  if (days.length === 0) {
    ctx.stdout.write(c.dim(`No activity${opts.days ? ` in the last ${opts.days} day${opts.days === 1 ? '' : 's'}` : ' yet'}. Labs, grades, quiz sessions and \`sysdesign note\` show up here.\n`));
    return ExitCode.Ok;
  }
  for (const day of days) {
    ctx.stdout.write(`${c.bold(`${weekday(day.day)} ${day.day}`)}  ${day.summary}\n`);
    for (const line of day.covered) ctx.stdout.write(`  ${line}\n`);
    if (day.locations.length) ctx.stdout.write(c.dim(`  code: ${day.locations.join(', ')}\n`));
    ctx.stdout.write('\n');
  }
  return ExitCode.Ok;
}

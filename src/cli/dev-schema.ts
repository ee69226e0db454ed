import { z } from 'zod';
import { ExitCode } from '../exit-codes.js';
import type { Action } from './commands.js';
import type { CliContext } from './context.js';
import { parseOptions } from './shared-options.js';

export const DevSchemaOptions = z.object({
  /** Only say which published schemas are stale (exit 1), writing nothing: for CI. */
  check: z.boolean().default(false),
});
export type DevSchemaOptions = z.infer<typeof DevSchemaOptions>;

export const action: Action = (_args, raw, ctx) => runDevSchema(parseOptions(DevSchemaOptions, raw), ctx);

/** Writes the JSON Schemas editors read (labs/schema/, questions/schema/) from the zod schemas the loader uses. */
export async function runDevSchema(opts: DevSchemaOptions, ctx: CliContext): Promise<number> {
  const { staleJsonSchemas, writeJsonSchemas } = await import('../catalog/json-schema.js');
  if (opts.check) {
    const stale = staleJsonSchemas();
    for (const path of stale) ctx.stdout.write(`stale ${path} (run \`sysdesign dev schema\`)\n`);
    if (!stale.length) ctx.stdout.write('every JSON Schema is up to date\n');
    return stale.length ? ExitCode.ChecksFailed : ExitCode.Ok;
  }
  for (const path of writeJsonSchemas()) ctx.stdout.write(`wrote ${path}\n`);
  return ExitCode.Ok;
}

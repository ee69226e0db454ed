import { z } from 'zod';
import { ExitCode } from '../exit-codes.js';
import { colorsFor } from '../ui/colors.js';
import { catalogFor, reportCatalogProblems } from './catalog-access.js';
import type { Action } from './commands.js';
import type { CliContext } from './context.js';
import { parseOptions } from './shared-options.js';

export const DevCheckOptions = z.object({
  lang: z.string().optional(),
  seed: z.coerce.number().int().nonnegative().default(1),
  verbose: z.boolean().default(false),
  repeat: z.coerce.number().int().min(1).max(1000).default(1),
  /** Only the subjects with these names (`reference`, `starter`, or a fixture's folder name). */
  only: z.string().optional(),
});
export type DevCheckOptions = z.infer<typeof DevCheckOptions>;

export const action: Action = (args, raw, ctx) => runDevCheck(args, parseOptions(DevCheckOptions, raw), ctx);

export async function runDevCheck(labIds: string[], opts: DevCheckOptions, ctx: CliContext): Promise<number> {
  const catalog = await catalogFor(ctx);
  // A broken lab is reported but does not stop the others from being checked.
  const hadProblems = reportCatalogProblems(catalog, ctx);
  const { subjectsOf, trackAvailable, verifySubject } = await import('../grader/verify-lab.js');
  const { TextReporter } = await import('../grader/report/text.js');
  const c = colorsFor(ctx.stdout, ctx.env);
  const labs = labIds.length ? labIds.map((id) => catalog.lab(id)) : catalog.labs;
  let failures = 0;
  let missing = 0;
  for (const lab of labs) {
    for (const trackId of Object.keys(lab.tracks).filter((t) => !opts.lang || t === opts.lang)) {
      if (!(await trackAvailable(catalog, trackId, ctx.env))) {
        ctx.stdout.write(c.yellow(`${lab.id} [${trackId}]: toolchain missing, not checked\n`));
        missing++;
        continue;
      }
      const only = opts.only?.split(',').map((n) => n.trim());
      for (const subject of await subjectsOf(lab.id, trackId)) {
        if (only && !only.includes(subject.kind === 'fixture' ? subject.name : subject.kind)) continue;
        const reporters = opts.verbose ? [new TextReporter(ctx.stdout, c, false)] : [];
        const v = await verifySubject(catalog, lab, trackId, subject, { seed: opts.seed, env: ctx.env, signal: ctx.signal, reporters, repeat: opts.repeat });
        const repeats = v.repeats && 'times' in v.repeats ? v.repeats : undefined;
        const ok = v.ok && (!repeats || repeats.asExpected === repeats.times);
        if (!ok) failures++;
        const mark = ok ? c.green('ok  ') : c.red('FAIL');
        const unnamed = v.ok && subject.kind === 'fixture' && !subject.expect.check ? c.yellow(` (its expect.yaml names no check: it failed ${v.failedCheck})`) : '';
        ctx.stdout.write(`${mark} ${lab.id} [${trackId}] ${v.subject}: ${v.ok ? v.expected : `expected it ${v.expected}, but it ${v.got}`}${unnamed} ${c.dim(`(${v.durationMs} ms)`)}\n`);
        if (repeats) {
          const line = `     as expected in ${repeats.asExpected} of ${repeats.times} runs`;
          ctx.stdout.write(`${repeats.failingSeeds.length ? c.red(line) : c.green(line)}${repeats.failingSeeds.length ? ` (not with seeds ${repeats.failingSeeds.join(', ')})` : ''}\n`);
        } else if (v.repeats && 'notRepeated' in v.repeats) {
          ctx.stdout.write(c.dim(`     not repeated: ${v.repeats.notRepeated}\n`));
        }
      }
    }
  }
  if (failures) return ExitCode.ChecksFailed;
  if (hadProblems) return ExitCode.Usage;
  return missing ? ExitCode.Toolchain : ExitCode.Ok;
}

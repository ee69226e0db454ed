import { dirname } from 'node:path';
import { z } from 'zod';
import type { LoadedLab } from '../catalog/catalog.js';
import { ExitCode } from '../exit-codes.js';
import type { LabRuleContext } from '../grader/lab-rules.js';
import type { Verdict } from '../grader/verify-lab.js';
import type { ChalkInstance } from 'chalk';
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
  /** Only these parts: `rules`, `reference`, `starter`, or a fixture's folder name (all when absent). */
  only: z.string().optional(),
});
export type DevCheckOptions = z.infer<typeof DevCheckOptions>;

export const action: Action = (args, raw, ctx) => runDevCheck(args, parseOptions(DevCheckOptions, raw), ctx);

/**
 * Proves labs the way the test suite does: every static rule of lab-rules.ts, then the reference passes
 * every stage, the starter fails stage 1 and every fixture fails the check it names, in each track. Checks
 * are bundled from their TypeScript sources, so what is graded is what the author just saved.
 */
export async function runDevCheck(labIds: string[], opts: DevCheckOptions, ctx: CliContext): Promise<number> {
  const { loadLabModulesFromSource } = await import('../grader/lab-modules.js');
  loadLabModulesFromSource();
  const catalog = await catalogFor(ctx);
  // A broken lab is reported but does not stop the others from being checked.
  const hadProblems = reportCatalogProblems(catalog, ctx);
  const { subjectsOf, trackAvailable, verifySubject } = await import('../grader/verify-lab.js');
  const { TextReporter } = await import('../grader/report/text.js');
  const c = colorsFor(ctx.stdout, ctx.env);
  const labs = labIds.length ? labIds.map((id) => catalog.lab(id)) : catalog.labs;
  const only = opts.only?.split(',').map((n) => n.trim());
  const wanted = (name: string) => !only || only.includes(name);
  let failures = 0;
  let missing = 0;
  for (const lab of labs) {
    if (wanted('rules')) failures += await checkRules(lab, ctx, c);
    for (const trackId of Object.keys(lab.tracks).filter((t) => !opts.lang || t === opts.lang)) {
      if (!(await trackAvailable(catalog, trackId, ctx.env))) {
        ctx.stdout.write(c.yellow(`${lab.id} [${trackId}]: toolchain missing, not checked\n`));
        missing++;
        continue;
      }
      for (const subject of await subjectsOf(lab, trackId)) {
        if (!wanted(subject.kind === 'fixture' ? subject.name : subject.kind)) continue;
        const reporters = opts.verbose ? [new TextReporter(ctx.stdout, c, false)] : [];
        const v = await verifySubject(catalog, lab, trackId, subject, { seed: opts.seed, env: ctx.env, signal: ctx.signal, reporters, repeat: opts.repeat });
        if (!writeVerdict(v, ctx, c)) failures++;
      }
    }
  }
  if (failures) return ExitCode.ChecksFailed;
  if (hadProblems) return ExitCode.Usage;
  return missing ? ExitCode.Toolchain : ExitCode.Ok;
}

const contexts = new Map<string, Promise<LabRuleContext>>();

/** The static rules of one lab, each violation on a line naming the lab, the file and the rule; returns how many failed. */
async function checkRules(lab: LoadedLab, ctx: CliContext, c: ChalkInstance): Promise<number> {
  const { LAB_RULE_IDS, checkLabRules, formatViolation, loadLabRuleContext } = await import('../grader/lab-rules.js');
  const { loadStage } = await import('../grader/load-stage.js');
  const labsDir = dirname(lab.dir);
  let ruleCtx = contexts.get(labsDir);
  if (!ruleCtx) {
    ruleCtx = loadLabRuleContext(labsDir, { questionsDir: ctx.env.SYSDESIGN_QUESTIONS, loadStage });
    contexts.set(labsDir, ruleCtx);
  }
  const started = Date.now();
  const violations = await checkLabRules(lab, await ruleCtx);
  for (const v of violations) ctx.stdout.write(`${c.red('FAIL')} ${formatViolation(v)}\n`);
  if (!violations.length) ctx.stdout.write(`${c.green('ok  ')} ${lab.id} rules: all ${LAB_RULE_IDS.length} kept ${c.dim(`(${Date.now() - started} ms)`)}\n`);
  return violations.length;
}

/** One subject's line (and its repeats, and a crashed check's stack); returns whether it was as expected. */
function writeVerdict(v: Verdict, ctx: CliContext, c: ChalkInstance): boolean {
  const repeats = v.repeats && 'times' in v.repeats ? v.repeats : undefined;
  const ok = v.ok && (!repeats || repeats.asExpected === repeats.times);
  const mark = ok ? c.green('ok  ') : c.red('FAIL');
  ctx.stdout.write(`${mark} ${v.lab} [${v.track}] ${v.subject}: ${v.ok ? v.expected : `expected it ${v.expected}, but it ${v.got}`} ${c.dim(`(${v.durationMs} ms)`)}\n`);
  const crash = v.ok ? undefined : v.result?.stages.flatMap((s) => s.checks).find((k) => k.failure?.crash?.length)?.failure?.crash;
  for (const frame of crash ?? []) ctx.stdout.write(c.dim(`       ${frame}\n`));
  if (repeats) {
    const line = `     as expected in ${repeats.asExpected} of ${repeats.times} runs`;
    ctx.stdout.write(`${repeats.failingSeeds.length ? c.red(line) : c.green(line)}${repeats.failingSeeds.length ? ` (not with seeds ${repeats.failingSeeds.join(', ')})` : ''}\n`);
  } else if (v.repeats && 'notRepeated' in v.repeats) {
    ctx.stdout.write(c.dim(`     not repeated: ${v.repeats.notRepeated}\n`));
  }
  return ok;
}

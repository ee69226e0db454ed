import { join } from 'node:path';
import { z } from 'zod';
import { ExitCode } from '../exit-codes.js';
import { formatProblem } from '../errors.js';
import { detectCommand, detectToolchain, installLines, requirementInstall, trackRequirements } from '../tracks/toolchain.js';
import { countAside } from '../progress/salvage.js';
import { ASIDE_FILE, checkWritable } from '../progress/store.js';
import { colorsFor } from '../ui/colors.js';
import { catalogFor, questionBankFor, storeFor } from './catalog-access.js';
import type { Action } from './commands.js';
import type { CliContext } from './context.js';
import { parseOptions } from './shared-options.js';

export const DoctorOptions = z.object({ lang: z.array(z.string()).default([]), json: z.boolean().default(false) });
export type DoctorOptions = z.infer<typeof DoctorOptions>;

export const action: Action = (_args, raw, ctx) => runDoctor(parseOptions(DoctorOptions, raw), ctx);

/** The oldest Node that runs sysdesign (it needs `--import` for the TypeScript track). */
const MIN_NODE: [number, number] = [20, 6];

interface Finding { what: string; ok: boolean; detail: string; fix?: string; required: boolean }

/** Checks everything the user's tracks need; exit 0 only when all of it is there. */
export async function runDoctor(opts: DoctorOptions, ctx: CliContext): Promise<number> {
  const findings: Finding[] = [];
  const [major, minor] = process.versions.node.split('.').map(Number);
  const nodeOk = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  findings.push({ what: 'Node.js', ok: nodeOk, detail: `v${process.versions.node}`, fix: `install Node ${MIN_NODE.join('.')} or newer`, required: true });

  const catalog = await catalogFor(ctx);
  for (const lang of opts.lang) catalog.track(lang); // an unknown one is a usage error (exit 2), not a silent pass
  let storeProblem: Finding | undefined;
  const progress = await storeFor(ctx).read().catch((e: Error & { hint?: string }) => {
    storeProblem = { what: 'Progress store', ok: false, detail: e.message, fix: e.hint, required: true };
    return undefined;
  });
  const chosen = new Set(opts.lang.length ? opts.lang : ['ts', ...Object.values(progress?.labs ?? {}).map((l) => l.track)]);
  for (const [id, track] of catalog.tracks) {
    const status = await detectToolchain(track, ctx.env);
    const fix = track.toolchain ? installLines(track) : undefined;
    findings.push({ what: `${track.title} track (${id})`, ok: status.ok, detail: status.ok ? status.version : 'not found', fix, required: chosen.has(id) });
    // What the track's build variants need besides (gcc for Go's -race builds): checked like the toolchain.
    for (const { need, variants } of trackRequirements(track)) {
      const found = await detectCommand(need, ctx.env);
      findings.push({
        what: `  ${need.command} (${variants.join(', ')} build)`, ok: found.ok, detail: found.ok ? found.version : `not found: ${need.why}`,
        fix: requirementInstall(need), required: chosen.has(id),
      });
    }
  }

  findings.push(storeProblem ?? await storeWritable(ctx.home));
  const aside = await countAside(join(ctx.home, ASIDE_FILE));
  if (aside > 0) findings.push({ what: 'Set-aside records', ok: true, detail: `${aside} malformed record(s) kept in ${join(ctx.home, ASIDE_FILE)}, out of your progress`, required: false });
  const labProblems = catalog.problems.flatMap((e) => e.problems);
  findings.push({ what: 'Labs', ok: labProblems.length === 0, detail: `${catalog.labs.length} valid${labProblems.length ? `, ${labProblems.length} problem(s)` : ''}`, required: true });
  const bank = await questionBankFor(ctx);
  const questionProblems = bank.problems.flatMap((e) => e.problems);
  findings.push({ what: 'Question bank', ok: questionProblems.length === 0, detail: `${bank.questions.length} questions${questionProblems.length ? `, ${questionProblems.length} problem(s)` : ''}`, required: true });

  const healthy = findings.every((f) => f.ok || !f.required);
  if (opts.json) {
    ctx.stdout.write(`${JSON.stringify({ healthy, findings, problems: [...labProblems, ...questionProblems] }, null, 2)}\n`);
    return healthy ? ExitCode.Ok : ExitCode.Toolchain;
  }
  const c = colorsFor(ctx.stdout, ctx.env);
  for (const f of findings) {
    const mark = f.ok ? c.green('✔') : f.required ? c.red('✘') : c.yellow('–');
    ctx.stdout.write(`${mark} ${f.what.padEnd(26)} ${f.detail}${f.ok ? '' : f.required ? '' : c.dim(' (not needed by your tracks)')}\n`);
    if (!f.ok && f.fix) ctx.stdout.write(c.dim(`    ${f.fix}\n`));
  }
  for (const p of [...labProblems, ...questionProblems]) ctx.stdout.write(c.red(`    ${formatProblem(p)}\n`));
  ctx.stdout.write(healthy ? c.green('\nEverything your tracks need is here.\n') : c.red('\nSomething your tracks need is missing (see above).\n'));
  return healthy ? ExitCode.Ok : ExitCode.Toolchain;
}

async function storeWritable(home: string): Promise<Finding> {
  try {
    await checkWritable(home);
    return { what: 'Progress store', ok: true, detail: `${home} (writable)`, required: true };
  } catch (e) {
    return { what: 'Progress store', ok: false, detail: (e as Error).message, fix: 'make the folder writable, or point SYSDESIGN_HOME elsewhere', required: true };
  }
}

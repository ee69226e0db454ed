import { existsSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { z } from 'zod';
import { CatalogError, formatProblem } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { catalogDirsFor } from './catalog-access.js';
import type { Action } from './commands.js';
import type { CliContext } from './context.js';
import { parseOptions } from './shared-options.js';

export const DevValidateOptions = z.object({});

export const action: Action = (args, raw, ctx) => {
  parseOptions(DevValidateOptions, raw);
  return runDevValidate(args, ctx);
};

/**
 * Validates YAML against the loader's schemas and reports every problem located (file:line:col, field):
 * the files named, or with none every lab, track, question file, the plan and every fixture's expect.yaml.
 */
export async function runDevValidate(files: string[], ctx: CliContext): Promise<number> {
  const problems: string[] = [];
  const counted = files.length ? await validateFiles(files.map((f) => resolve(ctx.cwd, f)), ctx.cwd, problems) : await validateAll(ctx, problems);
  for (const line of problems) ctx.stderr.write(`${line}\n`);
  ctx.stdout.write(`${problems.length ? 'invalid' : 'ok'}: ${counted.join(', ')}${problems.length ? `; ${problems.length} problem(s)` : ''}\n`);
  return problems.length ? ExitCode.ChecksFailed : ExitCode.Ok;
}

async function validateAll(ctx: CliContext, problems: string[]): Promise<string[]> {
  const { loadCatalog } = await import('../catalog/catalog.js');
  const { loadQuestionBank } = await import('../catalog/questions.js');
  const { loadPlan, planItems: itemsOf } = await import('../catalog/plan.js');
  const { fixturesDirFor } = await import('../grader/lab-rules.js');
  const { labsDir, tracksDir } = catalogDirsFor(ctx);
  const catalog = await loadCatalog({ labsDir, tracksDir });
  const bank = await loadQuestionBank(ctx.env.SYSDESIGN_QUESTIONS ? { questionsDir: resolve(ctx.cwd, ctx.env.SYSDESIGN_QUESTIONS) } : {});
  for (const error of [...catalog.problems, ...bank.problems]) problems.push(...error.problems.map(formatProblem));
  const ownPlan = join(labsDir, 'plan.yaml');
  let planItems = 0;
  try {
    const plan = await loadPlan({ ...(existsSync(ownPlan) ? { planFile: ownPlan } : {}), labIds: catalog.labs.map((l) => l.id) });
    planItems = itemsOf(plan).length;
  } catch (error) {
    collect(error, problems);
  }
  const fixtures = await expectFiles(join(fixturesDirFor(labsDir), 'submissions'));
  await validateFiles(fixtures, ctx.cwd, problems);
  return [`${catalog.labs.length} labs`, `${catalog.tracks.size} tracks`, `${bank.questions.length} questions`, `plan (${planItems} items)`, `${fixtures.length} fixtures`];
}

/** Each file by its name: lab.yaml, plan.yaml, expect.yaml, a track (under tracks/), else a question file. */
async function validateFiles(files: string[], cwd: string, problems: string[]): Promise<string[]> {
  const { loadYamlFile } = await import('../catalog/load-yaml.js');
  const { Lab } = await import('../catalog/schema/lab.js');
  const { Plan } = await import('../catalog/schema/plan.js');
  const { QuestionFile } = await import('../catalog/schema/question.js');
  const { Track } = await import('../catalog/schema/track.js');
  const { FixtureExpectation } = await import('../catalog/schema/fixture.js');
  for (const file of files) {
    const name = basename(file);
    const schema = name === 'lab.yaml' ? Lab : name === 'plan.yaml' ? Plan : name === 'expect.yaml' ? FixtureExpectation
      : basename(dirname(file)) === 'tracks' ? Track : QuestionFile;
    try {
      await loadYamlFile(file, schema as z.ZodType, { displayName: shown(file, cwd) });
    } catch (error) {
      collect(error, problems);
    }
  }
  return [`${files.length} file(s)`];
}

async function expectFiles(submissions: string): Promise<string[]> {
  if (!existsSync(submissions)) return [];
  const { listFiles } = await import('../workspace/files.js');
  return (await listFiles(submissions)).filter((f) => basename(f) === 'expect.yaml').map((f) => join(submissions, f));
}

function collect(error: unknown, problems: string[]): void {
  if (!(error instanceof CatalogError)) throw error;
  problems.push(...error.problems.map(formatProblem));
}

function shown(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel.startsWith('..') ? file : rel;
}

// Every static rule a lab must keep, in one place: the test suite (src/e2e/labs.test.ts) and `sysdesign dev
// check` run these same functions, so a lab that dev check calls ok is one the tests accept. Grading the
// reference, the starter and the fixtures is verify-lab.ts; this is everything that needs no program run.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import type { LoadedLab } from '../catalog/catalog-index.js';
import { loadYamlFile } from '../catalog/load-yaml.js';
import { FixtureExpectation, namedChecks } from '../catalog/schema/fixture.js';
import type { Stage } from '../catalog/schema/lab.js';
import { CatalogError, formatProblem } from '../errors.js';
import { LABS_DIR, PLAN_FILE, PROJECT_ROOT } from '../paths.js';
import { loadPlan, planItems } from '../catalog/plan.js';
import { loadQuestionBank } from '../catalog/questions.js';
import { listFiles } from '../workspace/files.js';
import { scaffoldWorkspace } from '../workspace/scaffold.js';
import { isStatement, longestSharedRun } from '../workspace/shared-lines.js';
import type { StageDefinition } from './api.js';

export const MIN_FIXTURES_PER_TRACK = 6;

/** Every rule, by id, with what it asks in one sentence (labs/AUTHORING.md explains each). */
export const LAB_RULES = {
  'stage-checks': "each stage's checks file exports `stage = defineStage(…)` with the stage's id and at least one check, check ids unique",
  'check-files': 'each stage names its own checks file; a file under checks/ that no stage names is shared code and defines no stage',
  'plan-link': 'each plan item the lab names is in the plan, and (when the plan ships beside the labs) lists the lab among its labs',
  'questions': 'each question a stage names is in the question bank',
  'todo': 'each file the learner edits is marked with a TODO in the starter',
  'hidden-files': 'a scaffolded workspace holds no hidden check and no edit file equal to the reference',
  'reference-code': 'no workspace file (starter, provided, README) shares a run of statements with the reference solution',
  'fixture-minimum': `each track has at least ${MIN_FIXTURES_PER_TRACK} broken fixtures`,
  'test-file': "a lab of this package's labs/ has a test file of its own, src/e2e/lab-<id>.test.ts, which grades it on a worker of its own",
  'fixture-expect': 'each fixture has a valid expect.yaml naming a stage of the lab and a check of that stage, and holds only files the learner edits',
} as const;
export type LabRuleId = keyof typeof LAB_RULES;
export const LAB_RULE_IDS = Object.keys(LAB_RULES) as LabRuleId[];

/** A provided workspace file (driver, README) whose run of lines shared with a reference file holds this many statements carries reference code. */
const MAX_SHARED_STATEMENTS_PROVIDED = 3;
/** The same for a file the learner edits, whose starter may keep a few lines of boilerplate (a server's start-up). */
const MAX_SHARED_STATEMENTS_EDITED = 8;
const E2E_DIR = join(PROJECT_ROOT, 'src', 'e2e');

/** One broken rule: which lab, which file, which rule, and what is wrong. */
export interface RuleViolation { lab: string; rule: LabRuleId; file: string; message: string }

export function formatViolation(v: RuleViolation): string {
  return `${v.lab}: ${v.file}: ${v.message} [rule ${v.rule}]`;
}

/** What the rules compare a lab with: the plan, the question bank, the fixtures, and how checks are loaded. */
export interface LabRuleContext {
  plan: { file: string; items: ReadonlyMap<string, readonly string[]>; linksRequired: boolean };
  questionIds: ReadonlySet<string>;
  /** The folder holding `submissions/<lab>/<track>/<case>/`. */
  fixturesDir: string;
  /** Where each lab's own test file must be (this package's src/e2e/ for its own labs), or undefined: none needed. */
  testFilesDir?: string;
  loadStage(lab: LoadedLab, stage: Stage): Promise<StageDefinition>;
}

type Rule = (lab: LoadedLab, ctx: LabRuleContext) => Promise<RuleViolation[]>;

/** Runs the named rules (all by default) on a lab; a rule that throws is reported as its own violation. */
export async function checkLabRules(lab: LoadedLab, ctx: LabRuleContext, rules: readonly LabRuleId[] = LAB_RULE_IDS): Promise<RuleViolation[]> {
  const out: RuleViolation[] = [];
  for (const rule of rules) out.push(...await runRule(rule, lab, ctx));
  return out;
}

export async function runRule(rule: LabRuleId, lab: LoadedLab, ctx: LabRuleContext): Promise<RuleViolation[]> {
  try {
    return await RULES[rule](lab, ctx);
  } catch (error) {
    return [{ lab: lab.id, rule, file: shown(lab.dir), message: `the rule could not run: ${(error as Error).message}` }];
  }
}

/**
 * The context for the labs of `labsDir`: the plan beside them when they bring one (which must then link them),
 * else this package's plan (which a labs folder elsewhere cannot edit, so only its items must exist).
 */
export async function loadLabRuleContext(labsDir: string, options: { questionsDir?: string; loadStage: LabRuleContext['loadStage'] }): Promise<LabRuleContext> {
  const beside = join(labsDir, 'plan.yaml');
  const file = existsSync(beside) ? beside : PLAN_FILE;
  const plan = await loadPlan({ planFile: file });
  const bank = await loadQuestionBank(options.questionsDir ? { questionsDir: options.questionsDir } : {});
  return {
    plan: { file, items: new Map(planItems(plan).map((i) => [i.id, i.labs])), linksRequired: file === beside },
    questionIds: new Set(bank.questions.map((q) => q.id)),
    fixturesDir: fixturesDirFor(labsDir),
    testFilesDir: resolve(labsDir) === LABS_DIR && existsSync(E2E_DIR) ? E2E_DIR : undefined,
    loadStage: options.loadStage,
  };
}

/** Where the fixtures of the labs in `labsDir` are: `fixtures/` beside it (this package: labs/ and fixtures/). */
export function fixturesDirFor(labsDir: string): string {
  return join(dirname(labsDir), 'fixtures');
}

const RULES: Record<LabRuleId, Rule> = {
  async 'stage-checks'(lab, ctx) {
    const out: RuleViolation[] = [];
    for (const stage of lab.stages) {
      const file = shown(join(lab.dir, stage.checks));
      let def: StageDefinition;
      try {
        def = await ctx.loadStage(lab, stage);
      } catch (error) {
        out.push(violation(lab, 'stage-checks', file, (error as Error).message.replace(`${file}: `, '')));
        continue;
      }
      if (def.checks.length === 0) out.push(violation(lab, 'stage-checks', file, `stage ${stage.id} defines no check`));
      const ids = def.checks.map((c) => c.id);
      for (const id of new Set(ids.filter((id, i) => ids.indexOf(id) !== i))) out.push(violation(lab, 'stage-checks', file, `check id "${id}" is used twice`));
    }
    return out;
  },

  async 'check-files'(lab) {
    const out: RuleViolation[] = [];
    const named = lab.stages.map((s) => s.checks);
    for (const file of new Set(named.filter((f, i) => named.indexOf(f) !== i))) {
      out.push(violation(lab, 'check-files', shown(join(lab.dir, 'lab.yaml')), `${file} is named by more than one stage`));
    }
    const dir = join(lab.dir, 'checks');
    const files = existsSync(dir) ? (await listFiles(dir)).filter((f) => /\.tsx?$/.test(f)).map((f) => `checks/${f}`) : [];
    for (const shared of files.filter((f) => !named.includes(f))) {
      if (/\bdefineStage\(/.test(await readFile(join(lab.dir, shared), 'utf8'))) {
        out.push(violation(lab, 'check-files', shown(join(lab.dir, shared)), 'defines a stage, but no stage in lab.yaml names this file (shared check files hold helpers only)'));
      }
    }
    return out;
  },

  async 'plan-link'(lab, ctx) {
    const out: RuleViolation[] = [];
    const yaml = shown(join(lab.dir, 'lab.yaml'));
    for (const item of lab.plan) {
      const links = ctx.plan.items.get(item);
      if (!links) out.push(violation(lab, 'plan-link', yaml, `names plan item ${item}, which ${shown(ctx.plan.file)} lacks`));
      else if (ctx.plan.linksRequired && !links.includes(lab.id)) {
        out.push(violation(lab, 'plan-link', shown(ctx.plan.file), `plan item ${item} does not list lab ${lab.id} in its labs (the lab names the item)`));
      }
    }
    return out;
  },

  async questions(lab, ctx) {
    const yaml = shown(join(lab.dir, 'lab.yaml'));
    return lab.stages.flatMap((stage) => stage.questions.filter((id) => !ctx.questionIds.has(id))
      .map((id) => violation(lab, 'questions', yaml, `stage ${stage.id} names question ${id}, which the question bank lacks`)));
  },

  async todo(lab) {
    const out: RuleViolation[] = [];
    for (const track of Object.values(lab.tracks)) {
      for (const file of track.edit) {
        const path = join(lab.dir, track.starter, file);
        if (!/\bTODO\b/.test(await readFile(path, 'utf8'))) out.push(violation(lab, 'todo', shown(path), 'the learner edits this file, but it has no TODO marking what to write'));
      }
    }
    return out;
  },

  async 'hidden-files'(lab) {
    const out: RuleViolation[] = [];
    const checkSources = await Promise.all(lab.stages.map((s) => readFile(join(lab.dir, s.checks), 'utf8')));
    for (const [trackId, track] of Object.entries(lab.tracks)) {
      await withScaffold(lab, trackId, async (dir, files) => {
        const where = (file: string) => `${shown(join(lab.dir, track.starter))} (workspace file ${file}, ${trackId} track)`;
        for (const file of files.filter((f) => f.startsWith('checks/'))) out.push(violation(lab, 'hidden-files', where(file), 'a checks/ file reaches the workspace'));
        for (const file of files) {
          if (checkSources.includes(await readFile(join(dir, file), 'utf8'))) out.push(violation(lab, 'hidden-files', where(file), 'is a copy of a hidden check'));
        }
        for (const file of track.edit) {
          const reference = await readFile(join(lab.dir, track.reference, file), 'utf8');
          if (await readFile(join(dir, file), 'utf8') === reference) out.push(violation(lab, 'hidden-files', where(file), 'the starter file equals the reference solution'));
        }
      });
    }
    return out;
  },

  async 'reference-code'(lab) {
    const out: RuleViolation[] = [];
    for (const [trackId, track] of Object.entries(lab.tracks)) {
      const referenceDir = join(lab.dir, track.reference);
      const references = await Promise.all((await listFiles(referenceDir)).map(async (f) => ({ file: f, text: await readFile(join(referenceDir, f), 'utf8') })));
      await withScaffold(lab, trackId, async (dir, files) => {
        for (const file of files) {
          const text = await readFile(join(dir, file), 'utf8');
          for (const reference of references) {
            const run = longestSharedRun(text, reference.text);
            if (!run) continue;
            // Declarations of the contract (types, interfaces, error values) may be shared: the README and the
            // starter show them. Statements may not, beyond the few of a starter's boilerplate.
            const statements = run.lines.filter(isStatement).length;
            if (statements < (track.edit.includes(file) ? MAX_SHARED_STATEMENTS_EDITED : MAX_SHARED_STATEMENTS_PROVIDED)) continue;
            out.push(violation(lab, 'reference-code', `workspace file ${file} (${trackId} track)`,
              `line ${run.atA} starts ${run.lines.length} lines (${statements} statements) of ${shown(join(referenceDir, reference.file))}:${run.atB}: ${run.lines.slice(0, 3).join(' / ')} …`));
          }
        }
      });
    }
    return out;
  },

  async 'fixture-minimum'(lab, ctx) {
    const out: RuleViolation[] = [];
    for (const trackId of Object.keys(lab.tracks)) {
      const dir = join(ctx.fixturesDir, 'submissions', lab.id, trackId);
      const count = (await fixtureNames(dir)).length;
      if (count < MIN_FIXTURES_PER_TRACK) {
        out.push(violation(lab, 'fixture-minimum', shown(dir), `the ${trackId} track has ${count} broken fixture(s); it needs at least ${MIN_FIXTURES_PER_TRACK}`));
      }
    }
    return out;
  },

  async 'test-file'(lab, ctx) {
    if (!ctx.testFilesDir) return [];
    const file = join(ctx.testFilesDir, `lab-${lab.id}.test.ts`);
    return existsSync(file) ? [] : [violation(lab, 'test-file', shown(file), `is missing: add it, calling verifyLabTracks('${lab.id}') like the other labs' files`)];
  },

  async 'fixture-expect'(lab, ctx) {
    const out: RuleViolation[] = [];
    const checksOf = new Map<string, string[] | undefined>();
    for (const stage of lab.stages) checksOf.set(stage.id, await ctx.loadStage(lab, stage).then((d) => d.checks.map((c) => c.id), () => undefined));
    for (const [trackId, track] of Object.entries(lab.tracks)) {
      const dir = join(ctx.fixturesDir, 'submissions', lab.id, trackId);
      for (const name of await fixtureNames(dir)) {
        const folder = join(dir, name);
        const file = join(folder, 'expect.yaml');
        const files = (await listFiles(folder)).filter((f) => f !== 'expect.yaml');
        if (files.length === 0) out.push(violation(lab, 'fixture-expect', shown(folder), 'holds no edited file'));
        for (const f of files.filter((f) => !track.edit.includes(f))) {
          out.push(violation(lab, 'fixture-expect', shown(join(folder, f)), `is not a file the learner edits (${trackId}: ${track.edit.join(', ')})`));
        }
        if (!existsSync(file)) { out.push(violation(lab, 'fixture-expect', shown(file), 'is missing')); continue; }
        let expect: FixtureExpectation;
        try {
          expect = await loadYamlFile(file, FixtureExpectation, { displayName: shown(file) });
        } catch (error) {
          if (!(error instanceof CatalogError)) throw error;
          for (const p of error.problems) out.push(violation(lab, 'fixture-expect', shown(file), formatProblem(p).replace(`${shown(file)}:`, 'line ')));
          continue;
        }
        if (!checksOf.has(expect.stage)) {
          out.push(violation(lab, 'fixture-expect', shown(file), `stage "${expect.stage}" is not a stage of ${lab.id} (${lab.stages.map((s) => s.id).join(', ')})`));
          continue;
        }
        const checks = checksOf.get(expect.stage);
        for (const check of checks ? namedChecks(expect).filter((c) => !checks.includes(c)) : []) {
          out.push(violation(lab, 'fixture-expect', shown(file), `check "${check}" is not a check of stage ${expect.stage} (${checks!.join(', ')})`));
        }
      }
    }
    return out;
  },
};

function violation(lab: LoadedLab, rule: LabRuleId, file: string, message: string): RuleViolation {
  return { lab: lab.id, rule, file, message };
}

async function fixtureNames(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

/** Scaffolds the track's workspace the way `start` does, into a temp folder removed afterwards. */
async function withScaffold(lab: LoadedLab, trackId: string, use: (dir: string, files: string[]) => Promise<void>): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'sysdesign-lab-rules-'));
  try {
    const dir = join(root, 'ws');
    await scaffoldWorkspace({ lab, track: trackId, dir, force: false, confirm: async () => false, declinedHint: '', now: new Date() });
    await use(dir, (await listFiles(dir)).filter((f) => !f.startsWith('.sysdesign/')));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** A path as an author finds it: relative to this project when inside it. */
function shown(path: string): string {
  const rel = relative(PROJECT_ROOT, path);
  return rel.startsWith('..') ? path : rel;
}

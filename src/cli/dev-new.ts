import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { z } from 'zod';
import { LAB_KINDS } from '../catalog/schema/lab.js';
import { UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { LABS_DIR, PROJECT_ROOT } from '../paths.js';
import { catalogDirsFor } from './catalog-access.js';
import type { Action } from './commands.js';
import type { CliContext } from './context.js';
import { parseOptions } from './shared-options.js';

export const DevNewOptions = z.object({
  kind: z.enum(LAB_KINDS, { message: `--kind must be one of ${LAB_KINDS.join(', ')}` }),
  dir: z.string().optional(),
  title: z.string().min(3).optional(),
  plan: z.string().optional(),
});
export type DevNewOptions = z.infer<typeof DevNewOptions>;

const LAB_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const TEMPLATES_DIR = join(LABS_DIR, 'templates');
/** Files copied byte for byte; every other template file gets the placeholders replaced. */
const BINARY = /\.(png|jpe?g|gif|ico|gz|zip)$/i;

export const action: Action = ([id], raw, ctx) => runDevNew(id, parseOptions(DevNewOptions, raw), ctx);

/**
 * Creates a lab from labs/templates/<kind>/: the lab folder, its fixtures beside the labs folder, and for a
 * lab of this package its own test file and its link from the plan. Nothing existing is overwritten.
 */
export async function runDevNew(id: string, opts: DevNewOptions, ctx: CliContext): Promise<number> {
  if (!LAB_ID.test(id)) throw new UsageError(`"${id}" is not a lab id`, 'use kebab-case: lowercase letters, digits and dashes (e.g. "token-bucket").');
  const labsDir = opts.dir ? resolve(ctx.cwd, opts.dir) : catalogDirsFor(ctx).labsDir;
  const { fixturesDirFor } = await import('../grader/lab-rules.js');
  const { listFiles } = await import('../workspace/files.js');
  const template = join(TEMPLATES_DIR, opts.kind);
  const labDir = join(labsDir, id);
  const fixturesDir = join(fixturesDirFor(labsDir), 'submissions', id);
  for (const taken of [labDir, fixturesDir]) {
    if (existsSync(taken)) throw new UsageError(`${shown(taken, ctx.cwd)} already exists`, 'pick another lab id, or remove that folder first.');
  }
  const values: Record<string, string> = { __LAB_ID__: id, __LAB_TITLE__: opts.title ?? titleOf(id) };
  const written: string[] = [];
  for (const file of await listFiles(template)) {
    const fixture = /^fixtures\/([^/]+)\/(.+)$/.exec(file);
    const target = fixture ? join(fixturesDir, fixture[1], fixture[2]) : join(labDir, file);
    await mkdir(dirname(target), { recursive: true });
    if (BINARY.test(file)) await copyFile(join(template, file), target);
    else await writeFile(target, fill(await readFile(join(template, file), 'utf8'), values, file === 'lab.yaml' ? opts.plan : undefined));
    written.push(target);
  }
  const planItem = /^plan: \[([^\],]+)\]$/m.exec(await readFile(join(labDir, 'lab.yaml'), 'utf8'))?.[1].trim();
  const notes: string[] = [];
  const planFile = join(labsDir, 'plan.yaml');
  if (planItem && existsSync(planFile)) notes.push(await linkFromPlan(planFile, planItem, id, ctx.cwd));
  const testFile = join(PROJECT_ROOT, 'src', 'e2e', `lab-${id}.test.ts`);
  if (resolve(labsDir) === LABS_DIR && existsSync(dirname(testFile)) && !existsSync(testFile)) {
    await writeFile(testFile, `// The ${id} lab graded subject by subject, in a file of its own so vitest spreads the labs over workers;\n` +
      `// its static rules run in labs.test.ts.\nimport { verifyLabTracks } from './helpers/verify-lab-tracks.js';\n\nawait verifyLabTracks('${id}');\n`);
    written.push(testFile);
  }
  ctx.stdout.write(`created the ${opts.kind} lab ${id} in ${shown(labDir, ctx.cwd)} (${written.length} files, fixtures in ${shown(fixturesDir, ctx.cwd)})\n`);
  for (const note of notes) ctx.stdout.write(`${note}\n`);
  const env = resolve(labsDir) === resolve(catalogDirsFor(ctx).labsDir) ? '' : `SYSDESIGN_CATALOG=${shown(labsDir, ctx.cwd)} `;
  ctx.stdout.write(`next: ${env}sysdesign dev check ${id}    (labs/AUTHORING.md walks through making it yours)\n`);
  return ExitCode.Ok;
}

/** The template's text with the lab's id and title, and the plan item when one was named. */
function fill(text: string, values: Record<string, string>, plan: string | undefined): string {
  let out = text;
  for (const [key, value] of Object.entries(values)) out = out.split(key).join(value);
  return plan ? out.replace(/^plan: \[[^\]]*\]$/m, `plan: [${plan}]`) : out;
}

/** "token-bucket" -> "Token bucket". */
function titleOf(id: string): string {
  const words = id.split('-').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Adds the lab to the `labs:` of its plan item, editing the item's one line so the file keeps its layout
 * and comments; a line of another shape is left for the author, with what to add.
 */
async function linkFromPlan(planFile: string, item: string, id: string, cwd: string): Promise<string> {
  const text = await readFile(planFile, 'utf8');
  const lines = text.split('\n');
  const at = lines.findIndex((l) => new RegExp(`\\{ id: ${item.replace(/\./g, '\\.')}, .*\\}\\s*$`).test(l));
  const line = lines[at];
  const manual = `add ${id} to the labs of plan item ${item} in ${shown(planFile, cwd)} (the plan-link rule asks for it)`;
  if (at < 0) return `${manual}: no one-line item of that id was found`;
  if (/labs: \[[^\]]*\]/.test(line)) lines[at] = line.replace(/labs: \[([^\]]*)\]/, (_, list: string) => `labs: [${list.trim() ? `${list.trim()}, ` : ''}${id}]`);
  else if (/ \}\s*$/.test(line)) lines[at] = line.replace(/ \}(\s*)$/, `, labs: [${id}] }$1`);
  else return manual;
  await writeFile(planFile, lines.join('\n'));
  return `linked ${id} from plan item ${item} in ${shown(planFile, cwd)}`;
}

function shown(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? rel : path;
}

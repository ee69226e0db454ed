import { existsSync, lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, isAbsolute, join, relative } from 'node:path';
import { CatalogError } from '../errors.js';
import { catalogDirs, makeCatalog, withRuntime, type Catalog, type CatalogOptions, type LoadedLab } from './catalog-index.js';
import { PROJECT_ROOT } from '../paths.js';
import { loadYamlFile, type FieldProblem } from './load-yaml.js';
import { Lab } from './schema/lab.js';
import { OperationsFile, type Operations } from './schema/operations.js';
import { Track } from './schema/track.js';
import { suggest } from './suggest.js';

export type { Catalog, CatalogOptions, LoadedLab } from './catalog-index.js';

/** A library lab's declared operations, beside its lab.yaml. */
export const OPERATIONS_FILE = 'operations.yaml';

/**
 * Loads every track and lab, going on past bad files (their errors are collected in `problems`). Labs of
 * lab packs follow the catalog's own, validated the same way; a pack lab whose id is taken is a problem of
 * its lab.yaml, and its plan items must be items of the plan.
 */
export async function loadCatalog(options: CatalogOptions = {}): Promise<Catalog> {
  const { labsDir, tracksDir } = catalogDirs(options);
  const problems: CatalogError[] = [];
  const tracks = await loadTracks(tracksDir, problems);
  const labs: LoadedLab[] = [];
  const taken = new Map<string, string>();
  const load = async (dir: string, source: string | undefined, planIds?: ReadonlySet<string>) => {
    const file = join(dir, 'lab.yaml');
    try {
      const lab = await loadYamlFile(file, Lab, {
        displayName: display(file),
        verify: (l) => [...verifyLab(l, dir, tracks, tracksDir), ...(source ? verifyPackLab(l, taken, planIds) : [])],
      });
      const operations = await loadOperations(dir, lab.kind);
      taken.set(lab.id, file);
      labs.push(withRuntime({ ...lab, dir, ...(operations ? { operations } : {}), ...(source ? { source } : {}) }, tracks, tracksDir));
    } catch (e) {
      if (e instanceof CatalogError) problems.push(e); else throw e;
    }
  };
  for (const id of await labFolders(labsDir)) await load(join(labsDir, id), undefined);
  if (options.packs?.length) {
    const planIds = await planItemIds(options.planFile, problems);
    for (const pack of options.packs) {
      for (const id of await labFolders(pack)) await load(join(pack, id), pack, planIds);
    }
  }
  return makeCatalog(labs, tracks, problems);
}

/** A library lab's operations.yaml, which it must have; other kinds have none (their checks speak HTTP or to nodes). */
async function loadOperations(dir: string, kind: Lab['kind']): Promise<Operations | undefined> {
  const file = join(dir, OPERATIONS_FILE);
  const whole = (message: string) => new CatalogError([{ file: display(file), line: 1, column: 1, field: '', message }]);
  if (kind !== 'library') {
    if (existsSync(file)) throw whole(`only a library lab declares operations; this lab is kind: ${kind}`);
    return undefined;
  }
  if (!existsSync(file)) throw whole('a library lab declares every operation of its driver here (name, request and reply fields), and this file does not exist');
  return (await loadYamlFile(file, OperationsFile, { displayName: display(file) })).operations;
}

/** The ids of the plan's items, for pack labs to name; undefined when the plan itself does not load (its problem is kept). */
async function planItemIds(planFile: string | undefined, problems: CatalogError[]): Promise<ReadonlySet<string> | undefined> {
  try {
    const { loadPlan, planItems } = await import('./plan.js');
    return new Set(planItems(await loadPlan(planFile ? { planFile } : {})).map((i) => i.id));
  } catch (e) {
    if (e instanceof CatalogError) { problems.push(e); return undefined; }
    throw e;
  }
}

/** What a pack's lab must also satisfy: an id no other lab has, and plan items the plan has. */
function verifyPackLab(lab: Lab, taken: ReadonlyMap<string, string>, planIds: ReadonlySet<string> | undefined): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const other = taken.get(lab.id);
  if (other) problems.push({ path: ['id'], message: `lab id "${lab.id}" is already the id of ${display(other)}; a pack lab needs an id of its own` });
  lab.plan.forEach((id, i) => {
    if (planIds && !planIds.has(id)) {
      const near = suggest(id, [...planIds]);
      problems.push({ path: ['plan', i], message: `no plan item "${id}" in the plan${near ? ` (did you mean "${near}"?)` : ''}; \`sysdesign plan --json\` lists the item ids` });
    }
  });
  return problems;
}

async function labFolders(labsDir: string): Promise<string[]> {
  const entries = await readdir(labsDir, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory() && existsSync(join(labsDir, e.name, 'lab.yaml')))
    .map((e) => e.name).sort();
}

async function loadTracks(dir: string, problems: CatalogError[]): Promise<Map<string, Track>> {
  const tracks = new Map<string, Track>();
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.yaml')).sort()) {
    try {
      const track = await loadYamlFile(join(dir, name), Track, { displayName: display(join(dir, name)) });
      tracks.set(track.id, track);
    } catch (e) {
      if (e instanceof CatalogError) problems.push(e); else throw e;
    }
  }
  return tracks;
}

/** What the schema cannot see: the files a lab names exist, and its tracks are known. */
function verifyLab(lab: Lab, dir: string, tracks: Map<string, Track>, tracksDir: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const realDir = realpathSync(dir);
  const left: string[] = [];
  const need = (path: (string | number)[], rel: string, kind: 'file' | 'dir') => {
    const full = join(dir, rel);
    if (left.some((l) => rel.startsWith(`${l}/`))) return; // said once, for the folder
    const outside = leavesFolder(realDir, full);
    if (outside) { left.push(rel); problems.push({ path, message: `${rel} is a symbolic link that leaves the lab folder (to ${outside})` }); return; }
    if (kind === 'file' && isLink(full)) { problems.push({ path, message: `${rel} is a symbolic link; a lab ships its files as regular files` }); return; }
    const ok = existsSync(full) && (kind === 'dir' ? statSync(full).isDirectory() : statSync(full).isFile());
    if (!ok) problems.push({ path, message: `${kind === 'dir' ? 'folder' : 'file'} ${rel} does not exist in the lab folder` });
  };
  if (lab.id !== basename(dir)) problems.push({ path: ['id'], message: `the id must equal the folder name "${basename(dir)}"` });
  lab.stages.forEach((stage, i) => {
    need(['stages', i, 'instructions'], stage.instructions, 'file');
    need(['stages', i, 'checks'], stage.checks, 'file');
  });
  for (const [trackId, track] of Object.entries(lab.tracks)) {
    if (!tracks.has(trackId)) problems.push({ path: ['tracks', trackId], message: `unknown track "${trackId}" (known: ${[...tracks.keys()].join(', ')})` });
    need(['tracks', trackId, 'starter'], track.starter, 'dir');
    for (const link of linksBelow(dir, track.starter)) {
      problems.push({ path: ['tracks', trackId, 'starter'], message: `${link} is a symbolic link; a starter holds regular files only (links are never copied into a workspace)` });
    }
    need(['tracks', trackId, 'reference'], track.reference, 'dir');
    track.edit.forEach((f, i) => {
      need(['tracks', trackId, 'edit', i], join(track.starter, f), 'file');
      need(['tracks', trackId, 'edit', i], join(track.reference, f), 'file');
    });
    track.provided.forEach((f, i) => need(['tracks', trackId, 'provided', i], join(track.starter, f), 'file'));
    if (track.entry) need(['tracks', trackId, 'entry'], join(track.starter, track.entry), 'file');
    const rt = tracks.get(trackId)?.runtime[lab.kind];
    for (const f of rt?.files ?? []) {
      if (!existsSync(join(tracksDir, rt!.dir, f))) problems.push({ path: ['tracks', trackId], message: `the ${trackId} track's ${lab.kind} runtime file ${rt!.dir}/${f} does not exist` });
      // The runtime's copy is the one graded: a second one in the lab would only mislead its authors.
      if (existsSync(join(dir, track.starter, f))) problems.push({ path: ['tracks', trackId, 'starter'], message: `${f} comes from the ${trackId} track's ${lab.kind} runtime; remove it from ${track.starter}` });
    }
  }
  for (const [name, helper] of Object.entries(lab.service?.helpers ?? {})) {
    if (helper.module) need(['service', 'helpers', name, 'module'], helper.module, 'file');
  }
  return problems;
}

/** Where a path really leads when that is outside `realDir` (through a link on the way), else undefined. */
function leavesFolder(realDir: string, path: string): string | undefined {
  let real: string;
  try { real = realpathSync(path); } catch { return undefined; }
  const rel = relative(realDir, real);
  return rel.startsWith('..') || isAbsolute(rel) ? real : undefined;
}

function isLink(path: string): boolean {
  try { return lstatSync(path).isSymbolicLink(); } catch { return false; }
}

/** Symbolic links inside a lab's folder `rel` (not followed), as paths relative to the lab. */
function linksBelow(dir: string, rel: string): string[] {
  const root = join(dir, rel);
  if (isLink(root) || !existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isSymbolicLink())
    .map((e) => relative(dir, join(e.parentPath, e.name))).sort();
}

function display(file: string): string {
  const rel = relative(PROJECT_ROOT, file);
  return rel.startsWith('..') ? file : rel;
}

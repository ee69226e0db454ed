import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pristinePath, type LoadedLab } from '../catalog/catalog-index.js';
import { UsageError } from '../errors.js';
import { inside, listFiles, sha256File } from './files.js';
import { refuseLinks } from './no-links.js';
import { METADATA_DIR, metadataPath, readMetadata, writeMetadata } from './metadata.js';
import { renderWorkspaceReadme } from './readme.js';

export interface ScaffoldRequest {
  lab: LoadedLab;
  track: string;
  dir: string;
  force: boolean;
  /** Asked before anything existing is replaced (with --force); false stops the scaffold. */
  confirm(question: string): Promise<boolean>;
  /** What to tell the user when `confirm` said no (how to go ahead without a prompt). */
  declinedHint: string;
  now: Date;
}

export interface ScaffoldResult {
  dir: string;
  /** `reused`: a workspace of this lab was there and nothing was written. */
  outcome: 'created' | 'reused' | 'replaced';
  track: string;
  files: string[];
  backup?: string;
}

/** Copies the track's starter into the workspace. Never overwrites a file without --force, a yes and a backup. */
export async function scaffoldWorkspace(req: ScaffoldRequest): Promise<ScaffoldResult> {
  const { lab, dir } = req;
  const track = lab.tracks[req.track];
  const starterDir = join(lab.dir, track.starter);
  if (existsSync(dir) && !(await stat(dir)).isDirectory()) throw new UsageError(`${dir} is a file, not a folder`, 'name a new or empty folder with --dir.');
  const files = await listFiles(starterDir);
  const runtimeFiles = Object.keys(lab.runtime?.[req.track] ?? {});
  const targets = [...files, ...runtimeFiles, 'README.md'];

  if (existsSync(metadataPath(dir))) {
    const existing = await readMetadata(dir);
    if (existing.lab !== lab.id) throw new UsageError(`${dir} already holds a workspace of the lab "${existing.lab}"`, 'pick another folder with --dir.');
    if (!req.force) return { dir, outcome: 'reused', track: existing.track, files: existing.edit };
  }
  await refuseLinks(dir, [...targets, join(METADATA_DIR, 'lab.json')]);
  const clashing = targets.filter((f) => existsSync(inside(dir, f)));
  const nonEmpty = existsSync(dir) && (await readdir(dir)).length > 0;
  if (!req.force && nonEmpty) {
    throw new UsageError(`${dir} is not empty${clashing.length ? ` (it has ${clashing.slice(0, 3).join(', ')})` : ''}`,
      'pick an empty folder with --dir, or pass --force to replace the lab files there (a backup is kept).');
  }
  let backup: string | undefined;
  if (clashing.length > 0) {
    const ok = await req.confirm(`Replace ${clashing.length} file(s) in ${dir}? A backup goes to ${METADATA_DIR}/backup-…`);
    if (!ok) throw new UsageError('nothing was changed', req.declinedHint);
    backup = await backupFiles(dir, clashing, req.now);
  }
  await mkdir(dir, { recursive: true });
  for (const file of files) {
    const target = inside(dir, file);
    await mkdir(dirname(target), { recursive: true });
    await copyFile(join(starterDir, file), target);
  }
  for (const file of runtimeFiles) {
    const target = inside(dir, file);
    await mkdir(dirname(target), { recursive: true });
    await copyFile(pristinePath(lab, req.track, file), target);
  }
  await writeFile(inside(dir, 'README.md'), await renderWorkspaceReadme(lab, req.track));
  const provided: Record<string, string> = {};
  for (const file of track.provided) provided[file] = await sha256File(pristinePath(lab, req.track, file));
  await writeMetadata(dir, {
    formatVersion: 1, lab: lab.id, labVersion: lab.version, track: req.track, ...(lab.source ? { source: lab.source } : {}),
    createdAt: req.now.toISOString(), edit: track.edit, provided,
  });
  return { dir, outcome: backup || clashing.length ? 'replaced' : 'created', track: req.track, files: track.edit, backup };
}

/** Copies files into `.sysdesign/backup-<timestamp>/`, keeping their relative paths. */
export async function backupFiles(dir: string, files: string[], now: Date): Promise<string> {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const backupDir = join(dir, METADATA_DIR, `backup-${stamp}`);
  for (const file of files) {
    const target = inside(backupDir, file);
    await mkdir(dirname(target), { recursive: true });
    await copyFile(inside(dir, file), target);
  }
  return backupDir;
}

// `list`, `hint` and `grade` read the catalog on every run; parsing and validating every lab.yaml costs
// more than the rest of `list` together. A catalog that loaded without a problem is kept as JSON, with
// the size and mtime of every file it was built from, and reused while none of them changed. Lab packs
// are part of the key and their files are stamped like the catalog's own, so a changed pack is never stale.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from '../paths.js';
import { makeCatalog, pristinePath, type Catalog, type LoadedLab } from './catalog-index.js';
import type { Track } from './schema/track.js';
import { trustedCacheDir, untrusted, userCacheDir } from './user-cache.js';

const CACHE_FORMAT = 2;

/** Where a catalog is read from: the labs and tracks folders, the lab packs and (with packs) the plan their labs name. */
export interface CatalogSources {
  labsDir: string;
  tracksDir: string;
  packs: readonly string[];
  planFile: string;
}

/** A file as it was when the catalog was built; size -1 means it did not exist. */
interface Stamp { path: string; size: number; mtimeMs: number }

interface CacheFile {
  format: number;
  sources: CatalogSources;
  stamps: Stamp[];
  labs: LoadedLab[];
  tracks: [string, Track][];
}

export function catalogCachePath(sources: CatalogSources, cacheDir = userCacheDir()): string {
  const key = createHash('sha256').update(JSON.stringify([PROJECT_ROOT, sources.labsDir, sources.tracksDir, sources.packs, sources.planFile])).digest('hex').slice(0, 16);
  return join(cacheDir, `catalog-${key}.json`);
}

/**
 * The cached catalog, when every file it was built from is unchanged; otherwise undefined. A cache
 * folder or file that is a link, belongs to another user or that others may write is never read: it
 * holds the commands that run the learner's program.
 */
export function readCachedCatalog(sources: CatalogSources, cacheDir = userCacheDir(), onRefused?: (why: string) => void): Catalog | undefined {
  const file = catalogCachePath(sources, cacheDir);
  if (!trustedCacheDir(cacheDir, onRefused)) return undefined;
  const why = untrusted(file, 'file');
  if (why) { onRefused?.(why); return undefined; }
  try {
    const cached = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
    if (cached.format !== CACHE_FORMAT || JSON.stringify(cached.sources) !== JSON.stringify(sources)) return undefined;
    if (!sameFolders(cached.stamps, sources) || !cached.stamps.every((s) => sameStamp(s, stamp(s.path)))) return undefined;
    return makeCatalog(cached.labs, new Map(cached.tracks), []);
  } catch {
    return undefined;
  }
}

/** Keeps a catalog that loaded cleanly (one with problems is always loaded afresh, so errors stay located). */
export function writeCatalogCache(sources: CatalogSources, catalog: Catalog, cacheDir = userCacheDir()): void {
  if (catalog.problems.length > 0 || !trustedCacheDir(cacheDir)) return;
  const file = catalogCachePath(sources, cacheDir);
  const content: CacheFile = {
    format: CACHE_FORMAT, sources: { ...sources, packs: [...sources.packs] },
    stamps: sourcesOf(sources, catalog.labs).map(stamp),
    labs: catalog.labs, tracks: [...catalog.tracks],
  };
  try {
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(content), { mode: 0o600, flag: 'wx' });
    renameSync(temp, file);
  } catch { /* a cache that cannot be written only costs speed */ }
}

/** Every file a catalog depends on: the schemas' own code, each YAML file and each file a lab names. */
function sourcesOf({ labsDir, tracksDir, packs, planFile }: CatalogSources, labs: LoadedLab[]): string[] {
  const here = dirname(fileURLToPath(import.meta.url));
  const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  const files = [join(PROJECT_ROOT, 'package.json'), ...['lab', 'track', 'operations'].map((n) => join(here, 'schema', `${n}.${ext}`)), labsDir, tracksDir];
  // Pack labs are checked against the plan's item ids, so the plan counts only when packs are given.
  if (packs.length > 0) files.push(...packs, planFile);
  files.push(...readdirSync(tracksDir).filter((n) => n.endsWith('.yaml')).map((n) => join(tracksDir, n)));
  for (const lab of labs) {
    files.push(lab.dir, join(lab.dir, 'lab.yaml'), join(lab.dir, 'README.md'), join(lab.dir, 'operations.yaml'));
    for (const stage of lab.stages) files.push(join(lab.dir, stage.instructions), join(lab.dir, stage.checks));
    for (const [trackId, track] of Object.entries(lab.tracks)) {
      files.push(join(lab.dir, track.starter), join(lab.dir, track.reference));
      for (const f of [...track.edit, ...track.provided, ...(track.entry ? [track.entry] : [])]) files.push(pristinePath(lab, trackId, f));
      for (const f of track.edit) files.push(join(lab.dir, track.reference, f));
    }
    for (const helper of Object.values(lab.service?.helpers ?? {})) if (helper.module) files.push(join(lab.dir, helper.module));
  }
  return files;
}

/** A lab folder added or removed changes the labs (or pack) folder's listing, which its stamp alone may not show. */
function sameFolders(stamps: Stamp[], { labsDir, tracksDir, packs }: CatalogSources): boolean {
  const labFolders = [labsDir, ...packs].flatMap((dir) => readdirSync(dir).filter((n) => existsSync(join(dir, n, 'lab.yaml'))).map((n) => join(dir, n)));
  const known = new Set(stamps.map((s) => s.path));
  const tracks = readdirSync(tracksDir).filter((n) => n.endsWith('.yaml')).map((n) => join(tracksDir, n));
  return [...labFolders, ...tracks].every((f) => known.has(f));
}

function stamp(path: string): Stamp {
  try {
    const s = statSync(path);
    return { path, size: s.isDirectory() ? 0 : s.size, mtimeMs: s.mtimeMs };
  } catch {
    return { path, size: -1, mtimeMs: 0 };
  }
}

function sameStamp(a: Stamp, b: Stamp): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs;
}

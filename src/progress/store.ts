import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NewerStoreError, StoreError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { keepAside, salvage, type SetAside } from './salvage.js';
import { MIGRATIONS } from './migrations.js';
import { emptyProgress, Progress, STORE_FORMAT_VERSION } from './schema.js';

export const STORE_FILE = 'progress.json';
/** Malformed records taken out of the store, one JSON line each (see salvage.ts). */
export const ASIDE_FILE = 'progress.set-aside.jsonl';

/** How long a command waits for another sysdesign process to finish writing (bounded, then a clear error). */
const LOCK_WAIT = { retries: 60, minTimeout: 25, maxTimeout: 250, factor: 1.3 };
/** A lock whose holder died (crash, SIGKILL) is taken over after this long; the wait above outlasts it. */
const STALE_LOCK_MS = 5_000;

/** TEST SEAM (see atomic.ts): pause every write half-way so a test can SIGKILL the writer there. */
const PAUSE_ENV = 'SYSDESIGN_TEST_PAUSE_MID_WRITE_MS';

export interface ProgressStore {
  readonly file: string;
  read(): Promise<Progress>;
  /** Reads, applies `change` and writes back atomically, all under the inter-process lock. */
  update(change: (progress: Progress) => void | Promise<void>): Promise<Progress>;
  /** Throws a clear StoreError (exit 2) when the store's folder cannot be written; run before work whose result is saved. */
  checkWritable(): Promise<void>;
}

export interface StoreOptions {
  /** How many times to retry a held lock (tests shorten the wait); the default waits about 13 s. */
  lockRetries?: number;
}

export function openStore(home: string, warn: (message: string) => void = () => undefined, options: StoreOptions = {}): ProgressStore {
  const lockWait = { ...LOCK_WAIT, retries: options.lockRetries ?? LOCK_WAIT.retries };
  const file = join(home, STORE_FILE);
  const pauseMidWriteMs = Number(process.env[PAUSE_ENV]) || undefined;

  /** The store as it is on disk, or why it is damaged. */
  async function parseFile(): Promise<ParsedStore> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { progress: emptyProgress(), aside: [] };
      throw e;
    }
    return parseStoreText(text);
  }

  async function load(): Promise<Progress> {
    const result = await parseFile();
    if ('damaged' in result) return setAside(result.damaged);
    if (result.aside.length > 0) {
      await keepRecordsAside(home, result.aside, warn);
      const { writeFileAtomic } = await import('./atomic.js');
      await writeFileAtomic(file, `${JSON.stringify(result.progress, null, 1)}\n`);
    }
    return result.progress;
  }

  /** A damaged store is kept aside, never silently replaced; the user is told where it went. */
  async function setAside(why: string): Promise<Progress> {
    const aside = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(file, aside);
    warn(`the progress store ${file} was damaged (${why}); it was moved to ${aside} and a new one was started`);
    return emptyProgress();
  }

  return {
    file,
    async read() {
      // Writes are atomic renames, so a reader needs no lock: it sees the old or the new file, whole. Only
      // a damaged file is handled under the lock (another process may be setting it aside already).
      const result = await parseFile();
      return 'damaged' in result || result.aside.length > 0 ? withLock(home, lockWait, load) : result.progress;
    },
    checkWritable: () => checkWritable(home),
    async update(change) {
      await checkWritable(home);
      return withLock(home, lockWait, async () => {
        await removeOrphanTemps(home);
        const progress = await load();
        await change(progress);
        // Loaded on the first write only: reading the store (list, status) needs neither library.
        const { writeFileAtomic } = await import('./atomic.js');
        await writeFileAtomic(file, `${JSON.stringify(progress, null, 1)}\n`, { pauseMidWriteMs });
        return progress;
      });
    },
  };
}

/**
 * Temporary files of writers that died mid-write (write-file-atomic names them `progress.json.<number>`).
 * Every write happens under the lock we hold, so any such file left now belongs to no live writer.
 */
async function removeOrphanTemps(home: string): Promise<void> {
  const orphans = (await readdir(home)).filter((f) => /^progress\.json\.\d+$/.test(f));
  await Promise.all(orphans.map((f) => rm(join(home, f), { force: true })));
}

export type ParsedStore = { progress: Progress; aside: SetAside[] } | { damaged: string };

/** Sets malformed records aside in the store folder's side file, with a one-line warning. */
export async function keepRecordsAside(home: string, aside: SetAside[], warn: (message: string) => void): Promise<void> {
  const sideFile = join(home, ASIDE_FILE);
  await keepAside(sideFile, aside, new Date());
  warn(`${aside.length} malformed record${aside.length === 1 ? ' was' : 's were'} set aside in ${sideFile} (${aside[0].reason}${aside.length > 1 ? ', …' : ''}); the rest of your progress is intact`);
}

/**
 * Parses, migrates and validates a store's text (also used for files brought in by `progress import`).
 * Malformed records come back apart (`aside`), so one bad quiz card never makes the store unreadable.
 */
export function parseStoreText(text: string): ParsedStore {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { damaged: 'it is not valid JSON' };
  }
  const migrated = migrate(raw);
  if (typeof migrated === 'string') return { damaged: migrated };
  const aside = salvage(migrated);
  const parsed = Progress.safeParse(migrated);
  if (!parsed.success) return { damaged: `${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message}` };
  return { progress: parsed.data, aside };
}

function migrate(raw: unknown): Record<string, unknown> | string {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return 'it is not a JSON object';
  let doc = raw as Record<string, unknown>;
  if (typeof doc.formatVersion !== 'number') return 'it has no formatVersion';
  let version: number = doc.formatVersion;
  if (version > STORE_FORMAT_VERSION) {
    throw new NewerStoreError(version);
  }
  while (version < STORE_FORMAT_VERSION) {
    const step = MIGRATIONS[version];
    if (!step) return `no migration from format ${version}`;
    doc = step(doc);
    version = doc.formatVersion as number;
  }
  return doc;
}

const WHY: Record<string, string> = {
  EACCES: 'permission denied', EPERM: 'permission denied', EROFS: 'it is on a read-only file system',
  ENOTDIR: 'part of that path is a file, not a folder', EEXIST: 'it is a file, not a folder', ENOSPC: 'the disk is full',
};

/** Makes the folder if need be and writes a probe file there: what is wrong is said at once, not as a lock timeout. */
export async function checkWritable(home: string): Promise<void> {
  const probe = join(home, `.write-check-${process.pid}`);
  try {
    await mkdir(home, { recursive: true });
    await writeFile(probe, '');
    await rm(probe, { force: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    throw new StoreError(`cannot save your progress in ${home}: ${WHY[code] ?? (e as Error).message}${WHY[code] ? ` (${code})` : ''}`,
      'make that folder writable, or point SYSDESIGN_HOME at a folder you can write.', ExitCode.Usage);
  }
}

async function withLock<T>(home: string, wait: typeof LOCK_WAIT, work: () => Promise<T>): Promise<T> {
  await mkdir(home, { recursive: true });
  let release: () => Promise<void>;
  try {
    const { default: lockfile } = await import('proper-lockfile');
    release = await lockfile.lock(home, { lockfilePath: join(home, `${STORE_FILE}.lock`), retries: wait, stale: STALE_LOCK_MS, realpath: false });
  } catch (e) {
    throw new StoreError(`the progress store in ${home} is locked by another sysdesign command (${(e as Error).message})`,
      'wait for it to finish and try again; a lock left by a crash clears itself after 5 s.');
  }
  try {
    return await work();
  } finally {
    await release().catch(() => undefined);
  }
}

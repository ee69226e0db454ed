import { existsSync } from 'node:fs';
import { mkdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { StoreError } from '../errors.js';
import { writeFileAtomic } from './atomic.js';
import { emptyProgress, Progress, STORE_FORMAT_VERSION } from './schema.js';

export const STORE_FILE = 'progress.json';

/** How long a command waits for another sysdesign process to finish writing (bounded, then a clear error). */
const LOCK_WAIT = { retries: 60, minTimeout: 25, maxTimeout: 250, factor: 1.3 };
const STALE_LOCK_MS = 15_000;

export interface ProgressStore {
  readonly file: string;
  read(): Promise<Progress>;
  /** Reads, applies `change` and writes back atomically, all under the inter-process lock. */
  update(change: (progress: Progress) => void | Promise<void>): Promise<Progress>;
}

/** Migrations from older formats, keyed by the version they upgrade from. */
const MIGRATIONS: Record<number, (old: Record<string, unknown>) => Record<string, unknown>> = {};

export function openStore(home: string, warn: (message: string) => void = () => undefined): ProgressStore {
  const file = join(home, STORE_FILE);

  async function load(): Promise<Progress> {
    if (!existsSync(file)) return emptyProgress();
    const text = await readFile(file, 'utf8');
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return setAside('it is not valid JSON');
    }
    const migrated = migrate(raw);
    if (typeof migrated === 'string') return setAside(migrated);
    const parsed = Progress.safeParse(migrated);
    if (!parsed.success) return setAside(`${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message}`);
    return parsed.data;
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
      return withLock(home, load);
    },
    async update(change) {
      return withLock(home, async () => {
        const progress = await load();
        await change(progress);
        await writeFileAtomic(file, `${JSON.stringify(progress, null, 1)}\n`);
        return progress;
      });
    },
  };
}

function migrate(raw: unknown): Record<string, unknown> | string {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return 'it is not a JSON object';
  let doc = raw as Record<string, unknown>;
  if (typeof doc.formatVersion !== 'number') return 'it has no formatVersion';
  let version: number = doc.formatVersion;
  if (version > STORE_FORMAT_VERSION) {
    throw new StoreError(`the progress store was written by a newer sysdesign (format ${version}; this one knows ${STORE_FORMAT_VERSION})`,
      'update sysdesign-lab; the store was left untouched.');
  }
  while (version < STORE_FORMAT_VERSION) {
    const step = MIGRATIONS[version];
    if (!step) return `no migration from format ${version}`;
    doc = step(doc);
    version = doc.formatVersion as number;
  }
  return doc;
}

async function withLock<T>(home: string, work: () => Promise<T>): Promise<T> {
  await mkdir(home, { recursive: true });
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(home, { lockfilePath: join(home, `${STORE_FILE}.lock`), retries: LOCK_WAIT, stale: STALE_LOCK_MS, realpath: false });
  } catch (e) {
    throw new StoreError(`the progress store in ${home} is locked by another sysdesign command (${(e as Error).message})`,
      'wait for it to finish and try again; a lock left by a crash clears itself after 15 s.');
  }
  try {
    return await work();
  } finally {
    await release().catch(() => undefined);
  }
}

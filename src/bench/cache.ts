import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { cpus, hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { trustedCacheDir, untrusted } from '../catalog/user-cache.js';
import { writeFileAtomic } from '../progress/atomic.js';
import { BenchStats } from './stats.js';

/**
 * Reference measurements kept in the store home, one file per lab and track, keyed by the machine
 * (hostname, CPU model and count, Node version, toolchain), the lab version and the benchmark settings.
 * A result measured elsewhere, or for another version of the lab, is never reused.
 */
const CacheEntry = z.object({ key: z.string(), measuredAt: z.string(), machine: z.string(), stats: BenchStats });
const CacheFile = z.object({ formatVersion: z.literal(1), entries: z.array(CacheEntry) });
export type CacheEntry = z.infer<typeof CacheEntry>;

/** How many settings (durations, connection counts …) are kept per lab and track. */
const ENTRIES_KEPT = 8;

export function machineDescription(toolchain: string): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown cpu';
  return `${hostname()} | ${cpu} × ${cpus().length} | node ${process.version} | ${toolchain}`;
}

export function cacheKey(parts: { machine: string; lab: string; labVersion: number; track: string; settings: unknown }): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

export function cacheFile(home: string, lab: string, track: string): string {
  return join(home, 'bench-cache', `${lab}.${track}.json`);
}

/** The cache lives in the store folder (the user's own); like every cache, it is made 0700 and read only while no one else owns or may write it. */
export async function readCached(file: string, key: string): Promise<CacheEntry | undefined> {
  if (!trustedCacheDir(dirname(file)) || untrusted(file, 'file')) return undefined;
  const entries = await readEntries(file);
  return entries.find((e) => e.key === key);
}

export async function writeCached(file: string, entry: CacheEntry): Promise<void> {
  if (!trustedCacheDir(dirname(file)) || untrusted(file, 'file')) return;
  const others = (await readEntries(file)).filter((e) => e.key !== entry.key);
  const content = { formatVersion: 1 as const, entries: [entry, ...others].slice(0, ENTRIES_KEPT) };
  await writeFileAtomic(file, `${JSON.stringify(content, null, 2)}\n`);
}

/** A missing or damaged cache is an empty one: it only costs a measurement. */
async function readEntries(file: string): Promise<CacheEntry[]> {
  try {
    const parsed = CacheFile.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data.entries : [];
  } catch {
    return [];
  }
}

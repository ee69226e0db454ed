import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cacheFile, cacheKey, machineDescription, readCached, writeCached } from './cache.js';
import type { BenchStats } from './stats.js';

const stats: BenchStats = {
  requestsPerSecond: 1000, completed: 1000, durationSeconds: 1, connections: 10, errors: 0, unexpected: {},
  latency: { mean: 1, p50: 1, p90: 2, p99: 3, max: 4, cdf: [[0, 1], [100, 4]] },
};

describe('reference benchmark cache', () => {
  let home: string;
  beforeEach(async () => { home = await mkdtemp(join(tmpdir(), 'bench-cache-')); });
  afterEach(async () => { await rm(home, { recursive: true, force: true }); });

  it('keys on the machine, the lab version, the track and the settings', () => {
    const base = { machine: machineDescription('go1.19'), lab: 'url-shortener', labVersion: 1, track: 'go', settings: { d: 1 } };
    expect(cacheKey(base)).toBe(cacheKey({ ...base }));
    expect(cacheKey({ ...base, labVersion: 2 })).not.toBe(cacheKey(base));
    expect(cacheKey({ ...base, machine: 'other' })).not.toBe(cacheKey(base));
    expect(cacheKey({ ...base, settings: { d: 2 } })).not.toBe(cacheKey(base));
    expect(cacheKey({ ...base, track: 'ts' })).not.toBe(cacheKey(base));
  });

  it('stores and finds an entry by key, replacing an older one with the same key', async () => {
    const file = cacheFile(home, 'lab', 'ts');
    await writeCached(file, { key: 'a', measuredAt: '2025-01-01T00:00:00Z', machine: 'm', stats });
    await writeCached(file, { key: 'b', measuredAt: '2025-01-01T00:00:00Z', machine: 'm', stats });
    await writeCached(file, { key: 'a', measuredAt: '2025-01-02T00:00:00Z', machine: 'm', stats: { ...stats, requestsPerSecond: 5 } });
    expect((await readCached(file, 'a'))?.stats.requestsPerSecond).toBe(5);
    expect(await readCached(file, 'b')).toBeDefined();
    expect(await readCached(file, 'c')).toBeUndefined();
    expect(JSON.parse(await readFile(file, 'utf8')).entries).toHaveLength(2);
  });

  it('treats a damaged file as empty', async () => {
    const file = cacheFile(home, 'lab', 'go');
    await writeCached(file, { key: 'a', measuredAt: 'x', machine: 'm', stats });
    await writeFile(file, '{ not json');
    expect(await readCached(file, 'a')).toBeUndefined();
  });
});

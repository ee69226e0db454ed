import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../catalog/catalog.js';
import { PROJECT_ROOT } from '../../paths.js';
import { detectToolchain } from '../../tracks/toolchain.js';
import { localCluster, openLocalRuntime } from './local.js';
import type { RuntimeProcess } from './runtime.js';

const goMissing = !(await detectToolchain((await loadCatalog()).track('go'))).ok;
let dir: string;
const runtimes: Record<string, RuntimeProcess> = {};

beforeAll(async () => {
  if (goMissing) return;
  dir = await mkdtemp(join(tmpdir(), 'sysdesign-cluster-go-'));
  for (const track of ['ts', 'go']) runtimes[track] = await openLocalRuntime(track, join(PROJECT_ROOT, 'fixtures', 'cluster', track, 'gossip'), join(dir, track));
});

afterAll(async () => {
  await Promise.all(Object.values(runtimes).map((r) => r.stop()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** JSON with object keys sorted: Go encodes a map's keys in order, TypeScript in insertion order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v));
}

describe.skipIf(goMissing)('the Go cluster runtime', () => {
  it('runs the same node to the same trace as the TypeScript runtime: timers, msg ids, seeded random()', async () => {
    const traces: Record<string, string[]> = {};
    for (const track of ['ts', 'go']) {
      const cluster = await localCluster(runtimes[track], { nodes: 4, seed: 21, network: { latency: { kind: 'uniform', minMs: 5, maxMs: 30 }, loss: 0.1 } });
      for (let i = 0; i < 5; i++) cluster.invoke(`n${(i % 4) + 1}`, { type: 'broadcast', message: i });
      await cluster.runFor(200);
      cluster.crash('n2');
      cluster.partition([['n1', 'n2'], ['n3', 'n4']]);
      await cluster.runFor(1_200);
      cluster.recover();
      await cluster.runFor(1_500);
      await cluster.call('n2', { type: 'read' });
      traces[track] = cluster.trace.map(canonical);
    }
    expect(traces.go.length).toBeGreaterThan(100);
    expect(traces.go).toEqual(traces.ts);
  });
});

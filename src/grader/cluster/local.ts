import { DEFAULT_MEMORY_MIB } from '../../catalog/schema/lab.js';
import { cp, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { loadCatalog } from '../../catalog/catalog.js';
import { catalogDirs } from '../../catalog/catalog-index.js';
import { buildVariant, variantFor } from '../../tracks/build.js';
import { RuntimeProcess } from './runtime.js';
import { SimCluster } from './sim-cluster.js';
import type { ClusterOptions } from './types.js';

/**
 * A track's cluster runtime with the node program in `nodeDir`, built in `buildRoot` outside any lab: for the
 * engine's own tests and `npm run bench`. Grading goes through drivers/cluster.ts instead.
 */
export async function openLocalRuntime(trackId: string, nodeDir: string, buildRoot: string, batchTimeoutMs = 30_000): Promise<RuntimeProcess> {
  const catalog = await loadCatalog();
  const track = catalog.track(trackId);
  const runtime = track.runtime.cluster;
  if (!runtime) throw new Error(`the ${trackId} track has no cluster runtime`);
  const srcDir = join(buildRoot, 'src');
  await mkdir(srcDir, { recursive: true });
  for (const file of runtime.files) await cp(join(catalogDirs().tracksDir, runtime.dir, file), join(srcDir, file));
  for (const file of await readdir(nodeDir)) await cp(join(nodeDir, file), join(srcDir, file), { recursive: true });
  const built = await buildVariant({
    track, entry: runtime.entry, memoryMiB: DEFAULT_MEMORY_MIB, sources: { srcDir, changedProvided: [] }, buildRoot, variant: variantFor(track, 'default'), env: process.env,
  });
  return new RuntimeProcess(built.spawn, batchTimeoutMs, track.faults);
}

/** A fresh cluster on a local runtime (see openLocalRuntime), n1…nN, with the engine's defaults. */
export async function localCluster(runtime: RuntimeProcess, options: ClusterOptions & { nodes: number; seed: number }): Promise<SimCluster> {
  const nodeIds = Array.from({ length: options.nodes }, (_, i) => `n${i + 1}`);
  await runtime.reset({ cmd: 'reset', nodes: nodeIds, seed: options.seed });
  return new SimCluster({
    nodeIds, seed: options.seed, network: options.network ?? {}, host: runtime,
    requestTimeoutMs: options.requestTimeoutMs ?? 1_000, maxEvents: options.maxEvents ?? 10_000_000,
  });
}

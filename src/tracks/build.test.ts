import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Track } from '../catalog/schema/track.js';
import { buildVariant } from './build.js';

const dirs: string[] = [];
afterAll(async () => { await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))); });

// A track shaped like Go's: an address-space limit for plain builds, none for the race detector's.
const track = Track.parse({
  id: 'fake', title: 'Fake',
  build: { default: { command: 'true' }, race: { command: 'true', addressSpaceLimit: false } },
  run: { command: '{out}/program' },
  memory: { addressSpaceExtraMiB: 100 },
});

async function spawnOf(variant: string) {
  const buildRoot = await mkdtemp(join(tmpdir(), 'sysdesign-build-test-'));
  dirs.push(buildRoot);
  const built = await buildVariant({ track, sources: { srcDir: buildRoot, changedProvided: [] }, buildRoot, variant, env: process.env, entry: undefined, memoryMiB: 50 });
  return built.spawn;
}

describe('the memory limits a build variant runs under', () => {
  it('a plain build runs under the lab limit plus the track margin of address space', async () => {
    expect((await spawnOf('default')).memory).toMatchObject({ mib: 50, addressSpaceMiB: 150 });
  });

  it('a variant with addressSpaceLimit: false (the race detector maps terabytes) keeps only the resident-memory limit', async () => {
    const memory = (await spawnOf('race')).memory;
    expect(memory).toMatchObject({ mib: 50 });
    expect(memory).not.toHaveProperty('addressSpaceMiB');
  });
});

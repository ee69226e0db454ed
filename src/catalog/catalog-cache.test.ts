import { cp, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES_DIR, TRACKS_DIR } from '../paths.js';
import { loadCatalog } from './catalog.js';
import { catalogCachePath, readCachedCatalog, writeCatalogCache } from './catalog-cache.js';

/** A labs folder holding one valid lab and its own tracks. */
async function labsFolder() {
  const dir = await mkdtemp(join(tmpdir(), 'sysdesign-catalog-cache-'));
  await cp(join(FIXTURES_DIR, 'catalogs', 'broken', 'ok-lab'), join(dir, 'ok-lab'), { recursive: true });
  await cp(TRACKS_DIR, join(dir, 'tracks'), { recursive: true });
  return { labsDir: dir, tracksDir: join(dir, 'tracks') };
}

async function cached(labsDir: string, tracksDir: string) {
  writeCatalogCache(labsDir, tracksDir, await loadCatalog({ labsDir, tracksDir }));
  return readCachedCatalog(labsDir, tracksDir);
}

describe('the catalog cache', () => {
  it('gives back the same labs and tracks while nothing changed', async () => {
    const { labsDir, tracksDir } = await labsFolder();
    const fresh = await loadCatalog({ labsDir, tracksDir });
    const hit = await cached(labsDir, tracksDir);
    expect(hit?.labs).toEqual(fresh.labs);
    expect([...hit!.tracks.keys()]).toEqual([...fresh.tracks.keys()]);
    expect(hit!.lab('ok-lab').title).toBe('A valid lab beside broken ones');
    expect(() => hit!.lab('ok-lb')).toThrow(expect.objectContaining({ hint: expect.stringContaining('did you mean "ok-lab"') }));
  });

  it('is not used once a lab file (operations.yaml too) changes, a file it names disappears, or a lab is added', async () => {
    const { labsDir, tracksDir } = await labsFolder();
    expect(await cached(labsDir, tracksDir)).toBeDefined();
    await utimes(join(labsDir, 'ok-lab', 'lab.yaml'), new Date(), new Date(Date.now() + 5000));
    expect(readCachedCatalog(labsDir, tracksDir)).toBeUndefined();

    expect(await cached(labsDir, tracksDir)).toBeDefined();
    await utimes(join(labsDir, 'ok-lab', 'operations.yaml'), new Date(), new Date(Date.now() + 5000));
    expect(readCachedCatalog(labsDir, tracksDir)).toBeUndefined();

    expect(await cached(labsDir, tracksDir)).toBeDefined();
    await rm(join(labsDir, 'ok-lab', 'stages', '1.md'));
    expect(readCachedCatalog(labsDir, tracksDir)).toBeUndefined();

    await writeFile(join(labsDir, 'ok-lab', 'stages', '1.md'), 'Do the one thing.\n');
    expect(await cached(labsDir, tracksDir)).toBeDefined();
    await cp(join(labsDir, 'ok-lab'), join(labsDir, 'second-lab'), { recursive: true });
    expect(readCachedCatalog(labsDir, tracksDir)).toBeUndefined();
  });

  it('never keeps a catalog with problems, so its errors are always reported with their lines', async () => {
    const labsDir = join(FIXTURES_DIR, 'catalogs', 'broken');
    const tracksDir = TRACKS_DIR;
    await rm(catalogCachePath(labsDir, tracksDir), { force: true });
    writeCatalogCache(labsDir, tracksDir, await loadCatalog({ labsDir, tracksDir }));
    expect(readCachedCatalog(labsDir, tracksDir)).toBeUndefined();
  });
});

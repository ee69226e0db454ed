import { cp, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES_DIR, PLAN_FILE, TRACKS_DIR } from '../paths.js';
import { loadCatalog } from './catalog.js';
import { catalogCachePath, readCachedCatalog, writeCatalogCache, type CatalogSources } from './catalog-cache.js';

const OK_LAB = join(FIXTURES_DIR, 'catalogs', 'broken', 'ok-lab');

/** A labs folder holding one valid lab and its own tracks. */
async function labsFolder(): Promise<CatalogSources> {
  const dir = await mkdtemp(join(tmpdir(), 'sysdesign-catalog-cache-'));
  await cp(OK_LAB, join(dir, 'ok-lab'), { recursive: true });
  await cp(TRACKS_DIR, join(dir, 'tracks'), { recursive: true });
  return { labsDir: dir, tracksDir: join(dir, 'tracks'), packs: [], planFile: PLAN_FILE };
}

/** A lab pack beside the labs folder: ok-lab again under another id. */
async function packFolder(): Promise<string> {
  const pack = await mkdtemp(join(tmpdir(), 'sysdesign-catalog-pack-'));
  await cp(OK_LAB, join(pack, 'packed-lab'), { recursive: true });
  const yaml = join(pack, 'packed-lab', 'lab.yaml');
  await writeFile(yaml, (await readFile(yaml, 'utf8')).replace(/^id: ok-lab$/m, 'id: packed-lab'));
  return pack;
}

async function cached(sources: CatalogSources) {
  writeCatalogCache(sources, await loadCatalog(sources));
  return readCachedCatalog(sources);
}

describe('the catalog cache', () => {
  it('gives back the same labs and tracks while nothing changed', async () => {
    const sources = await labsFolder();
    const fresh = await loadCatalog(sources);
    const hit = await cached(sources);
    expect(hit?.labs).toEqual(fresh.labs);
    expect([...hit!.tracks.keys()]).toEqual([...fresh.tracks.keys()]);
    expect(hit!.lab('ok-lab').title).toBe('A valid lab beside broken ones');
    expect(() => hit!.lab('ok-lb')).toThrow(expect.objectContaining({ hint: expect.stringContaining('did you mean "ok-lab"') }));
  });

  it('is not used once a lab file changes, a file it names disappears, or a lab is added', async () => {
    const sources = await labsFolder();
    const { labsDir } = sources;
    expect(await cached(sources)).toBeDefined();
    await utimes(join(labsDir, 'ok-lab', 'lab.yaml'), new Date(), new Date(Date.now() + 5000));
    expect(readCachedCatalog(sources)).toBeUndefined();

    expect(await cached(sources)).toBeDefined();
    await utimes(join(labsDir, 'ok-lab', 'operations.yaml'), new Date(), new Date(Date.now() + 5000));
    expect(readCachedCatalog(sources)).toBeUndefined();

    expect(await cached(sources)).toBeDefined();
    await rm(join(labsDir, 'ok-lab', 'stages', '1.md'));
    expect(readCachedCatalog(sources)).toBeUndefined();

    await writeFile(join(labsDir, 'ok-lab', 'stages', '1.md'), 'Do the one thing.\n');
    expect(await cached(sources)).toBeDefined();
    await cp(join(labsDir, 'ok-lab'), join(labsDir, 'second-lab'), { recursive: true });
    expect(readCachedCatalog(sources)).toBeUndefined();
  });

  it('keys on the lab packs, and is not used once a pack lab changes or a pack gains a lab', async () => {
    const base = await labsFolder();
    const pack = await packFolder();
    const sources = { ...base, packs: [pack] };
    expect(catalogCachePath(sources)).not.toBe(catalogCachePath(base));
    expect(await cached(base)).toBeDefined();
    expect(readCachedCatalog(sources)).toBeUndefined();
    const hit = await cached(sources);
    expect(hit?.lab('packed-lab').source).toBe(pack);
    expect(readCachedCatalog(base)?.labs.map((l) => l.id)).toEqual(['ok-lab']);

    await utimes(join(pack, 'packed-lab', 'lab.yaml'), new Date(), new Date(Date.now() + 5000));
    expect(readCachedCatalog(sources)).toBeUndefined();

    expect(await cached(sources)).toBeDefined();
    await cp(join(pack, 'packed-lab'), join(pack, 'other-lab'), { recursive: true });
    expect(readCachedCatalog(sources)).toBeUndefined();

    await rm(join(pack, 'other-lab'), { recursive: true });
    expect(await cached(sources)).toBeDefined();
    await writeFile(join(pack, 'packed-lab', 'stages', '1.md'), 'Changed.\n');
    expect(readCachedCatalog(sources)).toBeUndefined();
  });

  it('never keeps a catalog with problems, so its errors are always reported with their lines', async () => {
    const sources = { labsDir: join(FIXTURES_DIR, 'catalogs', 'broken'), tracksDir: TRACKS_DIR, packs: [], planFile: PLAN_FILE };
    await rm(catalogCachePath(sources), { force: true });
    writeCatalogCache(sources, await loadCatalog(sources));
    expect(readCachedCatalog(sources)).toBeUndefined();
  });
});

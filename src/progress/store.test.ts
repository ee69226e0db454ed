import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../errors.js';
import { openStore, STORE_FILE } from './store.js';

const tempHome = () => mkdtemp(join(tmpdir(), 'sysdesign-store-'));

describe('progress store', () => {
  it('starts empty and keeps what an update wrote', async () => {
    const home = await tempHome();
    const store = openStore(home);
    expect((await store.read()).labs).toEqual({});
    await store.update((p) => { p.notes.push({ at: '2026-01-01T00:00:00.000Z', text: 'hello' }); });
    expect((await openStore(home).read()).notes).toEqual([{ at: '2026-01-01T00:00:00.000Z', text: 'hello' }]);
    expect(JSON.parse(await readFile(join(home, STORE_FILE), 'utf8')).formatVersion).toBe(1);
  });

  it('loses no update when many writers race', async () => {
    const home = await tempHome();
    await Promise.all(Array.from({ length: 20 }, (_, i) =>
      openStore(home).update((p) => { p.notes.push({ at: new Date().toISOString(), text: `note ${i}` }); })));
    expect((await openStore(home).read()).notes).toHaveLength(20);
  });

  it('moves a damaged file aside, says where, and never silently resets', async () => {
    const home = await tempHome();
    await writeFile(join(home, STORE_FILE), '{"formatVersion": 1, "labs": ');
    const warnings: string[] = [];
    const progress = await openStore(home, (m) => warnings.push(m)).read();
    expect(progress.labs).toEqual({});
    expect(warnings).toHaveLength(1);
    const aside = readdirSync(home).find((f) => f.startsWith(`${STORE_FILE}.damaged-`));
    expect(aside).toBeDefined();
    expect(warnings[0]).toContain(aside!);
    expect(await readFile(join(home, aside!), 'utf8')).toBe('{"formatVersion": 1, "labs": ');
    expect(existsSync(join(home, STORE_FILE))).toBe(false);
  });

  it('refuses a store from a newer version and leaves it untouched', async () => {
    const home = await tempHome();
    await writeFile(join(home, STORE_FILE), '{"formatVersion": 99}');
    await expect(openStore(home).read()).rejects.toBeInstanceOf(StoreError);
    expect(await readFile(join(home, STORE_FILE), 'utf8')).toBe('{"formatVersion": 99}');
  });
});

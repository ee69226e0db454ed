import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../errors.js';
import { STORE_FORMAT_VERSION } from './schema.js';
import { ASIDE_FILE, openStore, STORE_FILE } from './store.js';

const note = (at: string, text: string) => ({ at, kind: 'note', summary: text, data: {} });

const tempHome = () => mkdtemp(join(tmpdir(), 'sysdesign-store-'));

describe('progress store', () => {
  it('starts empty and keeps what an update wrote', async () => {
    const home = await tempHome();
    const store = openStore(home);
    expect((await store.read()).labs).toEqual({});
    await store.update((p) => { p.activity.push(note('2026-01-01T00:00:00.000Z', 'hello')); });
    expect((await openStore(home).read()).activity).toEqual([note('2026-01-01T00:00:00.000Z', 'hello')]);
    expect(JSON.parse(await readFile(join(home, STORE_FILE), 'utf8')).formatVersion).toBe(STORE_FORMAT_VERSION);
  });

  it('loses no update when many writers race', async () => {
    const home = await tempHome();
    await Promise.all(Array.from({ length: 20 }, (_, i) =>
      openStore(home).update((p) => { p.activity.push(note(new Date().toISOString(), `note ${i}`)); })));
    expect((await openStore(home).read()).activity).toHaveLength(20);
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

  it('migrates a version 1 store: notes join the activity timeline in date order, nothing is lost', async () => {
    const home = await tempHome();
    const v1 = {
      formatVersion: 1,
      labs: { 'circuit-breaker': { track: 'ts', workspace: '/w', startedAt: '2026-01-01T10:00:00.000Z', updatedAt: '2026-01-02T10:00:00.000Z', stagesTotal: 5, stagesPassed: 2, hintsShown: 1, grades: [] } },
      activity: [
        { at: '2026-01-01T10:00:00.000Z', kind: 'lab-start', lab: 'circuit-breaker', summary: 'started circuit-breaker (ts)', data: {} },
        { at: '2026-01-03T10:00:00.000Z', kind: 'grade', lab: 'circuit-breaker', summary: 'circuit-breaker: 2/5', data: {} },
      ],
      quiz: { cards: {} }, plan: {}, settings: { theme: 'dark' },
      notes: [{ at: '2026-01-02T09:00:00.000Z', text: 'read about half-open' }],
    };
    await writeFile(join(home, STORE_FILE), JSON.stringify(v1));
    const warnings: string[] = [];
    const progress = await openStore(home, (m) => warnings.push(m)).read();
    expect(warnings).toEqual([]);
    expect(progress.formatVersion).toBe(STORE_FORMAT_VERSION);
    expect(progress.activity.map((a) => [a.kind, a.summary])).toEqual([
      ['lab-start', 'started circuit-breaker (ts)'], ['note', 'read about half-open'], ['grade', 'circuit-breaker: 2/5'],
    ]);
    expect(progress.labs['circuit-breaker'].stagesPassed).toBe(2);
    expect(progress.plan).toEqual({ manual: {}, extras: [] });
    expect(progress.settings).toEqual({ theme: 'dark' });
    expect('notes' in progress).toBe(false);
    // Reading migrates in memory only; the first write stores the new format.
    await openStore(home).update(() => undefined);
    expect(JSON.parse(await readFile(join(home, STORE_FILE), 'utf8')).formatVersion).toBe(STORE_FORMAT_VERSION);
  });

  it('a record that fails its schema is set aside alone, with the reason; a store whose shape fails, whole', async () => {
    const home = await tempHome();
    await writeFile(join(home, STORE_FILE), JSON.stringify({ formatVersion: STORE_FORMAT_VERSION, labs: { x: { track: 1 } }, activity: [{ at: 'a', kind: 'note', summary: 'kept' }] }));
    const warnings: string[] = [];
    const progress = await openStore(home, (m) => warnings.push(m)).read();
    expect(warnings[0]).toMatch(/labs\.x\.track/);
    expect(progress.labs).toEqual({});
    expect(progress.activity.map((a) => a.summary)).toEqual(['kept']);
    expect(readFileSync(join(home, ASIDE_FILE), 'utf8')).toContain('"path":"labs.x"');

    await writeFile(join(home, STORE_FILE), JSON.stringify({ formatVersion: STORE_FORMAT_VERSION, labs: 5 }));
    await openStore(home, (m) => warnings.push(m)).read();
    expect(warnings[1]).toMatch(/labs/);
    expect(readdirSync(home).some((f) => f.startsWith(`${STORE_FILE}.damaged-`))).toBe(true);
  });

  it('gives up on a lock held by a live process after a bounded wait, with a clear message', async () => {
    const home = await tempHome();
    const release = await lockfile.lock(home, { lockfilePath: join(home, `${STORE_FILE}.lock`), realpath: false });
    try {
      const error = await openStore(home, undefined, { lockRetries: 2 }).update(() => undefined).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).message).toMatch(/is locked by another sysdesign command/);
      expect((error as StoreError).hint).toMatch(/wait for it to finish/);
      // Readers never wait: writes are atomic renames.
      await expect(openStore(home, undefined, { lockRetries: 0 }).read()).resolves.toBeDefined();
    } finally {
      await release();
    }
  });
});

import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES_DIR, TRACKS_DIR } from '../paths.js';
import { loadCatalog } from './catalog.js';

const BROKEN = join(FIXTURES_DIR, 'catalogs', 'broken');

describe('operations.yaml of library labs', () => {
  it('loads with its lab: types filled in, optional and nullable fields marked', async () => {
    const catalog = await loadCatalog({ labsDir: BROKEN, tracksDir: TRACKS_DIR });
    expect(catalog.lab('ok-lab').operations).toEqual({
      solve: {
        description: 'Answers with the solution to one puzzle.',
        request: { puzzle: { type: 'string', optional: false, nullable: false }, hint: { type: 'string', optional: true, nullable: false } },
        reply: { answer: { type: 'string', optional: false, nullable: true } },
        errors: ['unsolvable'],
      },
    });
  });

  it('is reported with its file, line, column and field when the schema refuses it, and the lab does not load', async () => {
    const catalog = await loadCatalog({ labsDir: BROKEN, tracksDir: TRACKS_DIR });
    expect(catalog.labs.map((l) => l.id)).not.toContain('bad-operations');
    const problems = catalog.problems.flatMap((p) => p.problems).filter((p) => p.file.endsWith('bad-operations/operations.yaml'));
    expect(problems).toEqual([expect.objectContaining({ line: 5, column: 15, field: 'operations.solve.request.puzzle', message: expect.stringContaining('a type (string, integer') })]);
  });

  it('is required of a library lab, and refused beside any other kind', async () => {
    const labsDir = await mkdtemp(join(tmpdir(), 'sysdesign-operations-'));
    try {
      await cp(join(BROKEN, 'ok-lab'), join(labsDir, 'ok-lab'), { recursive: true });
      await rm(join(labsDir, 'ok-lab', 'operations.yaml'));
      let catalog = await loadCatalog({ labsDir, tracksDir: TRACKS_DIR });
      expect(catalog.problems.flatMap((p) => p.problems)).toEqual([expect.objectContaining({
        file: join(labsDir, 'ok-lab', 'operations.yaml'), line: 1, message: expect.stringContaining('a library lab declares every operation of its driver here'),
      })]);
      await writeFile(join(labsDir, 'ok-lab', 'operations.yaml'), 'operations: {}\n');
      catalog = await loadCatalog({ labsDir, tracksDir: TRACKS_DIR });
      expect(catalog.problems.flatMap((p) => p.problems)).toEqual([expect.objectContaining({ field: 'operations', message: 'at least one operation' })]);
      const labYaml = join(labsDir, 'ok-lab', 'lab.yaml');
      await writeFile(labYaml, (await readFile(labYaml, 'utf8')).replace('kind: library', 'kind: cluster'));
      catalog = await loadCatalog({ labsDir, tracksDir: TRACKS_DIR });
      expect(catalog.problems.flatMap((p) => p.problems)).toEqual([expect.objectContaining({ message: 'only a library lab declares operations; this lab is kind: cluster' })]);
    } finally {
      await rm(labsDir, { recursive: true, force: true });
    }
  });
});

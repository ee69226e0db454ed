// The static integrity checks of every lab (see helpers/lab-integrity.ts); each lab is graded in its own test file.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../catalog/catalog.js';
import { availableTracks, describeLabIntegrity, hasOwnIntegrityTest, mustHaveEveryTrack } from './helpers/lab-integrity.js';

const catalog = await loadCatalog();
const available = await availableTracks(catalog);

describe('the catalog', () => {
  it('loads every lab and track without a problem', () => {
    expect(catalog.problems.map((p) => p.message)).toEqual([]);
    expect(catalog.labs.length).toBeGreaterThan(0);
  });

  it.runIf(mustHaveEveryTrack)('has every track toolchain in CI', () => {
    expect(Object.fromEntries(available)).toEqual(Object.fromEntries([...available.keys()].map((k) => [k, true])));
  });
});

for (const lab of catalog.labs) describeLabIntegrity(catalog, lab, available, { grade: !hasOwnIntegrityTest(lab.id) });

it('has a test file of its own for every lab (src/e2e/lab-<id>.test.ts), which grades its subjects on a worker of its own', () => {
  const missing = catalog.labs.filter((lab) => !hasOwnIntegrityTest(lab.id)).map((lab) => `src/e2e/lab-${lab.id}.test.ts`);
  expect(missing, 'add each, calling verifyLabTracks(<id>) like the others').toEqual([]);
});

it('has a fixtures folder for every lab', () => {
  for (const lab of catalog.labs) expect(existsSync(join('fixtures', 'submissions', lab.id)), lab.id).toBe(true);
});

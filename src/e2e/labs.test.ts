// Lab integrity for every lab (see helpers/lab-integrity.ts); a lab with a test file of its own is graded there.
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

it('has a fixtures folder for every lab', () => {
  for (const lab of catalog.labs) expect(existsSync(join('fixtures', 'submissions', lab.id)), lab.id).toBe(true);
});

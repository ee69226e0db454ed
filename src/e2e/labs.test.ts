// The static rules of every lab (src/grader/lab-rules.ts, as `dev check` runs them); each lab is graded in its own test file.
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../catalog/catalog.js';
import { loadLabRuleContext } from '../grader/lab-rules.js';
import { loadStage } from '../grader/load-stage.js';
import { LABS_DIR } from '../paths.js';
import { availableTracks, describeLabRules, mustHaveEveryTrack } from './helpers/lab-integrity.js';

const catalog = await loadCatalog();
const available = await availableTracks(catalog);
const ctx = await loadLabRuleContext(LABS_DIR, { loadStage });

describe('the catalog', () => {
  it('loads every lab and track without a problem', () => {
    expect(catalog.problems.map((p) => p.message)).toEqual([]);
    expect(catalog.labs.length).toBeGreaterThan(0);
  });

  it.runIf(mustHaveEveryTrack)('has every track toolchain in CI', () => {
    expect(Object.fromEntries(available)).toEqual(Object.fromEntries([...available.keys()].map((k) => [k, true])));
  });
});

for (const lab of catalog.labs) describeLabRules(lab, ctx);

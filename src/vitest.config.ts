import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('..', import.meta.url));

/** How long a lab's own test file (src/e2e/lab-<id>.test.ts) runs, roughly: service labs restart servers and benchmark. */
const KIND_WEIGHT: Record<string, number> = { service: 3, cluster: 2, library: 1 };

function labWeight(file: string): number {
  const lab = /^lab-(.+)\.test\.ts$/.exec(basename(file))?.[1];
  if (!lab) return 0;
  try {
    const kind = /^kind:\s*(\w+)/m.exec(readFileSync(join(root, 'labs', lab, 'lab.yaml'), 'utf8'))?.[1] ?? 'library';
    return KIND_WEIGHT[kind] ?? 1;
  } catch {
    return 1;
  }
}

/**
 * The labs' grading files take most of the suite's time, each on one worker: they start first, the slowest
 * kinds first, so that no long file starts last while the other workers sit idle. The rest keep vitest's order.
 */
class LabsFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return sorted
      .map((spec, index) => ({ spec, index, weight: labWeight(spec.moduleId) }))
      .sort((a, b) => b.weight - a.weight || a.index - b.index)
      .map(({ spec }) => spec);
  }
}

// Lives in src/ because the repository's top level is fixed (bin/ src/ labs/ questions/ fixtures/).
export default defineConfig({
  root,
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Grading waits on learner programs, servers and builds more than it computes: three files at a time keep
    // both cores of the CI machine busy, where vitest's default (cores - 1) would run one.
    maxWorkers: 3,
    sequence: { sequencer: LabsFirstSequencer },
    reporters: ['default'],
  },
});

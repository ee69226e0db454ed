import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Lives in src/ because the repository's top level is fixed (bin/ src/ labs/ questions/ fixtures/).
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default'],
  },
});

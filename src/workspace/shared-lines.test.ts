import { describe, expect, it } from 'vitest';
import { isStatement, isSubstantial, longestSharedRun } from './shared-lines.js';

describe('longestSharedRun', () => {
  it('finds the longest run of shared code lines, skipping blank lines, brackets and comments', () => {
    const a = 'import x from "y";\nfunction f() {\n  const total = a + b;\n\n  // add them\n  return total * 2;\n}\nconst other = 1;\n';
    const b = 'function g() {\n  const total = a + b;\n  }\n  return total * 2;\n  const other = 1;\n';
    const run = longestSharedRun(a, b);
    expect(run?.lines).toEqual(['const total = a + b;', 'return total * 2;', 'const other = 1;']);
    expect(run).toMatchObject({ atA: 3, atB: 2 });
  });

  it('finds nothing when no code line is shared', () => {
    expect(longestSharedRun('}\n\nimport a from "b";\n', '}\n\nimport a from "b";\n')).toBeUndefined();
  });
});

describe('line kinds', () => {
  it('counts code, not punctuation, comments or imports', () => {
    expect(['});', '  // a comment here', 'import { a } from "b";', 'package main', '"encoding/json"'].map(isSubstantial)).toEqual([false, false, false, false, false]);
    expect(isSubstantial('return this.entries.size;')).toBe(true);
  });

  it('tells statements from declarations', () => {
    expect(['return total;', 'if (n < 0) {', 'seen[key] = true', 'count++', 'this.last = now;', 'x := 1'].every(isStatement)).toBe(true);
    expect(['export interface Clock {', 'now(): number;', 'Now() time.Time', 'readonly m: number;'].some(isStatement)).toBe(false);
  });
});

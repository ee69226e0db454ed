import { describe, expect, it } from 'vitest';
import { textLines, windowLines, wrap } from './screen-lines.js';

describe('screen lines', () => {
  it('reflows prose to the width, keeps list items and code fences line for line', () => {
    const text = 'A paragraph written in YAML with a hard break\nin the middle that should not survive on screen.\n\n- one item\n- another item\n  going on\nNot in the list.\n```go\nfor job := range jobs {\n    run(job)\n}\n```\nAfter the code.';
    const lines = textLines(text, 40).map((l) => `${l.style ?? ''}|${l.text}`);
    expect(lines).toEqual([
      '|A paragraph written in YAML with a hard',
      '|break in the middle that should not',
      '|survive on screen.',
      '|',
      '|- one item',
      '|- another item going on',
      '|Not in the list.',
      'code|│ for job := range jobs {',
      'code|│     run(job)',
      'code|│ }',
      '|After the code.',
    ]);
    expect(textLines('x'.repeat(50), 40).every((l) => l.text.length <= 40)).toBe(true);
  });

  it('wraps with a hanging indent', () => {
    expect(wrap('   * 12. A long rubric point that wraps onto the next row', 30, '        ')).toEqual([
      '   * 12. A long rubric point',
      '        that wraps onto the',
      '        next row',
    ]);
  });

  it('windows a tall body: follows the focus row, starts at a top row, scrolls by offset, counts what is hidden', () => {
    const lines = Array.from({ length: 30 }, (_, i) => ({ text: `row ${i}` }));
    expect(windowLines(lines, 10, undefined, 0)).toMatchObject({ start: 0, above: 0, below: 20 });
    expect(windowLines(lines, 10, 25, 0)).toMatchObject({ start: 16, above: 16, below: 4 });
    expect(windowLines(lines, 10, 25, -100)).toMatchObject({ start: 0 });
    expect(windowLines(lines, 10, 25, 0, 12)).toMatchObject({ start: 12 });
    expect(windowLines(lines, 10, undefined, 100)).toMatchObject({ start: 20, below: 0 });
    expect(windowLines(lines.slice(0, 5), 10, 4, 3)).toMatchObject({ start: 0, above: 0, below: 0 });
  });
});

import wrapAnsi from 'wrap-ansi';

/** One row of the quiz screen, drawn as is (already wrapped to the width). */
export interface Line { text: string; style?: LineStyle }
export type LineStyle = 'bold' | 'dim' | 'code' | 'good' | 'bad' | 'warn' | 'focus';

/**
 * Question text as screen rows: prose reflowed to the terminal's width (a paragraph's hard line breaks
 * from the YAML are not kept; list items, blank lines and indented lines are), code fences kept line for
 * line behind a "│ " gutter so they read as code without colour, hard-wrapped only when wider than the screen.
 */
export function textLines(text: string, width: number, style?: LineStyle): Line[] {
  const out: Line[] = [];
  let paragraph: string[] = [];
  let inCode = false;
  const flush = () => {
    if (paragraph.length) out.push(...wrap(paragraph.join(' '), width).map((t) => ({ text: t, ...(style ? { style } : {}) })));
    paragraph = [];
  };
  for (const raw of text.replace(/\r\n?/g, '\n').trimEnd().split('\n')) {
    if (/^\s*```/.test(raw)) {
      flush();
      inCode = !inCode;
      continue;
    }
    if (inCode) {
      for (const t of wrapAnsi(raw, Math.max(1, width - 2), { hard: true, trim: false, wordWrap: false }).split('\n')) out.push({ text: `│ ${t}`, style: 'code' });
      continue;
    }
    if (raw.trim() === '') { flush(); out.push({ text: '' }); continue; }
    // A list item or an indented line starts a row of its own; a list item goes on over indented lines.
    const isItem = /^\s*([-*•]|\d+[.)])\s/.test(raw);
    const indented = /^\s{2,}\S/.test(raw);
    const inItem = paragraph.length > 0 && /^\s*([-*•]|\d+[.)])\s/.test(paragraph[0]);
    if (inItem && indented && !isItem) { paragraph.push(raw.trim()); continue; }
    if (isItem || indented || inItem) flush();
    paragraph.push(paragraph.length ? raw.trim() : raw.trimEnd());
    if (indented) flush();
  }
  flush();
  return out;
}

/** Wraps one line of prose: the first row keeps the line's indent, the rows after it take `hang` (the same indent by default). */
export function wrap(text: string, width: number, hang?: string): string[] {
  const lead = /^\s*/.exec(text)?.[0] ?? '';
  const rest = hang ?? lead;
  const [first, ...more] = wrapAnsi(text.trim(), Math.max(10, width - lead.length), { hard: true }).split('\n');
  const after = more.length ? wrapAnsi(more.join(' '), Math.max(10, width - rest.length), { hard: true }).split('\n') : [];
  return [lead + first, ...after.map((t) => rest + t)];
}

export interface Window { lines: Line[]; above: number; below: number; start: number }

/**
 * The rows that fit in `height`: by default from the top, moved down so the focus row (the option under
 * the cursor, the end of the text being typed) is on screen at the bottom, or so the `top` row (a result's
 * verdict) starts the view; `offset` is the learner's own scrolling (PgUp/PgDn) on top of that. Rows hidden
 * above or below are counted for the "more" markers.
 */
export function windowLines(lines: readonly Line[], height: number, focus: number | undefined, offset: number, top?: number): Window {
  const h = Math.max(1, height);
  if (lines.length <= h) return { lines: [...lines], above: 0, below: 0, start: 0 };
  const maxStart = lines.length - h;
  const base = top !== undefined ? Math.min(maxStart, top) : focus !== undefined && focus >= h ? Math.min(maxStart, focus - h + 1) : 0;
  const start = Math.max(0, Math.min(maxStart, base + offset));
  return { lines: lines.slice(start, start + h), above: start, below: lines.length - start - h, start };
}

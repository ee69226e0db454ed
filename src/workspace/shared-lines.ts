/**
 * Finds code two files share, to keep reference solutions out of learners' workspaces. Lines are
 * compared trimmed, and only the ones that carry code count: blank lines, lone brackets, comments,
 * imports and package lines are left out first, so a run of shared lines is a run of real statements.
 */

/** A line worth comparing: after trimming, not blank, not only brackets and punctuation, not a comment or an import. */
export function isSubstantial(line: string): boolean {
  const t = line.trim();
  if (t.length < 8) return false;
  if (/^[\s{}()[\];,]*$/.test(t)) return false;
  if (/^(\/\/|\/\*|\*|#)/.test(t)) return false;
  return !/^(import\b|package\b|"[^"]+"$)/.test(t);
}

export interface SharedRun { lines: string[]; atA: number; atB: number }

/** The longest run of consecutive substantial lines that `a` and `b` share (line numbers 1-based), if any. */
export function longestSharedRun(a: string, b: string): SharedRun | undefined {
  const keep = (text: string) => text.split('\n').map((line, i) => ({ text: line.trim(), line: i + 1 })).filter((l) => isSubstantial(l.text));
  const la = keep(a);
  const lb = keep(b);
  let best: SharedRun | undefined;
  // Longest common substring over lines: run[j] = length of the common run ending at la[i], lb[j].
  let previous = new Array<number>(lb.length + 1).fill(0);
  for (let i = 1; i <= la.length; i++) {
    const current = new Array<number>(lb.length + 1).fill(0);
    for (let j = 1; j <= lb.length; j++) {
      if (la[i - 1].text !== lb[j - 1].text) continue;
      current[j] = previous[j - 1] + 1;
      if (!best || current[j] > best.lines.length) {
        const start = i - current[j];
        best = { lines: la.slice(start, i).map((l) => l.text), atA: la[start].line, atB: lb[j - current[j]].line };
      }
    }
    previous = current;
  }
  return best;
}

/** A line that does something (a statement, not a declaration): what a copied solution is made of. */
export function isStatement(line: string): boolean {
  const t = line.trim();
  return /\b(return|if|for|while|throw|await|defer|go)\b|:=|\+\+|--|[+\-*/|&]=|\bthis\.\w+\s*=[^=]/.test(t) || /^[\w.[\]]+\s*=[^=]/.test(t);
}

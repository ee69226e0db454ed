/**
 * The longest unfinished line a program may hold on stdout before it is stopped as flooding. Complete lines
 * need no bound: each is a reply to a request or a fault at once, so a long grade's replies may add up to any
 * size (a limit on the total failed a correct program late in a long grade, at a point that varied by timing).
 */
export const STDOUT_LIMIT_BYTES = 1024 * 1024;

export type DecodedLine =
  | { kind: 'reply'; id: number; body: Record<string, unknown> }
  | { kind: 'fault'; message: string };

/**
 * Splits a program's stdout into JSON lines. Every line must be a JSON object with a numeric `id`;
 * anything else becomes a fault with one fixed wording, so the learner sees exactly what went wrong.
 */
export class LineDecoder {
  private buffer = '';
  private flooded = false;

  push(chunk: string): DecodedLine[] {
    if (this.flooded) return [];
    const lines = (this.buffer + chunk).split('\n');
    this.buffer = lines.pop() ?? '';
    const decoded = lines.filter((l) => l.trim() !== '').map(decodeLine);
    // Characters, not bytes: a line past the limit in characters is past it in bytes too.
    if (this.buffer.length > STDOUT_LIMIT_BYTES) {
      this.flooded = true;
      this.buffer = '';
      decoded.push({ kind: 'fault', message: 'wrote more than 1 MiB to stdout without ending the line (logs belong on stderr)' });
    }
    return decoded;
  }
}

export function decodeLine(line: string): DecodedLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: 'fault', message: `printed a line that is not JSON: ${preview(line)} (logs belong on stderr)` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { kind: 'fault', message: `printed a line that is not a JSON object: ${preview(line)}` };
  }
  const { id, ...body } = value as Record<string, unknown>;
  if (typeof id !== 'number') return { kind: 'fault', message: `printed a reply without a numeric "id": ${preview(line)}` };
  return { kind: 'reply', id, body };
}

export function encodeRequest(id: number, request: Record<string, unknown>): string {
  return `${JSON.stringify({ id, ...request })}\n`;
}

function preview(line: string): string {
  return line.length > 120 ? `${JSON.stringify(line.slice(0, 120))}…` : JSON.stringify(line);
}

/** The most a program may write to stdout in one grade before it is stopped as flooding. */
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
  private bytes = 0;
  private flooded = false;

  push(chunk: string): DecodedLine[] {
    if (this.flooded) return [];
    this.bytes += Buffer.byteLength(chunk);
    if (this.bytes > STDOUT_LIMIT_BYTES) {
      this.flooded = true;
      return [{ kind: 'fault', message: 'wrote more than 1 MiB to stdout (logs belong on stderr)' }];
    }
    const lines = (this.buffer + chunk).split('\n');
    this.buffer = lines.pop() ?? '';
    return lines.filter((l) => l.trim() !== '').map(decodeLine);
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

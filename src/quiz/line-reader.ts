import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** Reads one line at a time from a stream; `undefined` at the end of input. */
export interface LineReader { next(): Promise<string | undefined>; close(): void }

export function lineReader(input: Readable): LineReader {
  const rl = createInterface({ input, crlfDelay: Infinity, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  return {
    async next() {
      const r = await lines.next();
      return r.done ? undefined : r.value;
    },
    close: () => rl.close(),
  };
}

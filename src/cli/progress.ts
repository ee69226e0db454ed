import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { writeFileAtomic } from '../progress/atomic.js';
import { mergeProgress } from '../progress/merge.js';
import { keepRecordsAside, parseStoreText } from '../progress/store.js';
import { storeFor } from './catalog-access.js';
import type { Action } from './commands.js';
import type { CliContext } from './context.js';
import { outputFile } from './output-file.js';

export const exportAction: Action = (args, _raw, ctx) => runExport(args[0], ctx);
export const importAction: Action = (args, _raw, ctx) => runImport(args[0], ctx);

/** Writes the whole store (labs, grades, quiz schedule and reviews, plan ticks, log) to one JSON file. */
export async function runExport(fileArg: string, ctx: CliContext): Promise<number> {
  const file = await outputFile(ctx.cwd, fileArg, 'sysdesign progress export ./progress.json');
  const progress = await storeFor(ctx).read();
  await writeFileAtomic(file, `${JSON.stringify(progress, null, 1)}\n`);
  ctx.stdout.write(`Exported your progress to ${file} (${Object.keys(progress.labs).length} labs, ${progress.activity.length} log records).\n`);
  return ExitCode.Ok;
}

/** Merges an exported store into this one: newer record of each lab and card wins, no review is dropped. */
export async function runImport(fileArg: string, ctx: CliContext): Promise<number> {
  const file = resolve(ctx.cwd, fileArg);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 'name a file written by `sysdesign progress export`.');
  }
  const incoming = parseStoreText(text);
  if ('damaged' in incoming) throw new UsageError(`${file} is not a sysdesign progress file: ${incoming.damaged}`, 'name a file written by `sysdesign progress export`; your store was not touched.');
  if (incoming.aside.length > 0) await keepRecordsAside(ctx.home, incoming.aside, (m) => ctx.stderr.write(`sysdesign: warning: ${file}: ${m}\n`));
  let before = '';
  const merged = await storeFor(ctx).update((p) => {
    before = JSON.stringify(p);
    Object.assign(p, mergeProgress(p, incoming.progress));
  });
  const changed = JSON.stringify(merged) !== before;
  ctx.stdout.write(changed ? `Merged ${file} into your progress.\n` : `Nothing new in ${file}: your progress already had all of it.\n`);
  return ExitCode.Ok;
}

import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../errors.js';

/**
 * The absolute path of a file the command will write, checked before any work starts: not a folder,
 * and in a folder that exists. A grade's report path found wrong only after the grade loses the grade.
 */
export async function outputFile(cwd: string, given: string, example: string): Promise<string> {
  const file = resolve(cwd, given);
  const hint = `name a file in an existing folder, e.g. ${example}.`;
  const kind = await stat(file).then((s) => (s.isDirectory() ? 'folder' : 'other'), () => 'none');
  if (kind === 'folder') throw new UsageError(`cannot write ${file}: it is a folder`, hint);
  const parent = await stat(dirname(file)).then((s) => s.isDirectory(), () => false);
  if (!parent) throw new UsageError(`cannot write ${file}: the folder ${dirname(file)} does not exist`, hint);
  return file;
}

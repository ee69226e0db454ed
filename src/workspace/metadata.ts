import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../progress/atomic.js';

export const METADATA_DIR = '.sysdesign';
export const METADATA_FILE = 'lab.json';

/** `.sysdesign/lab.json`: which lab and track a workspace is, and the checksums of the provided files. */
export const WorkspaceMetadata = z.object({
  formatVersion: z.literal(1),
  lab: z.string(),
  labVersion: z.number().int(),
  track: z.string(),
  /** The lab pack folder (real path) the lab came from; absent for a lab of the catalog itself. */
  source: z.string().optional(),
  createdAt: z.string(),
  edit: z.array(z.string()),
  /** sha256 of each provided file as scaffolded. */
  provided: z.record(z.string(), z.string()),
});
export type WorkspaceMetadata = z.infer<typeof WorkspaceMetadata>;

export function metadataPath(dir: string): string {
  return join(dir, METADATA_DIR, METADATA_FILE);
}

export async function readMetadata(dir: string): Promise<WorkspaceMetadata> {
  const file = metadataPath(dir);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`, 'the workspace metadata is damaged; start the lab again in a new folder with `sysdesign start`.');
  }
  const parsed = WorkspaceMetadata.safeParse(raw);
  if (!parsed.success) {
    throw new UsageError(`${file} is not valid workspace metadata (${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message})`,
      'start the lab again in a new folder with `sysdesign start`.');
  }
  return parsed.data;
}

export async function writeMetadata(dir: string, metadata: WorkspaceMetadata): Promise<void> {
  await writeFileAtomic(metadataPath(dir), `${JSON.stringify(metadata, null, 2)}\n`);
}

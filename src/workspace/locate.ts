import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { WorkspaceNotFoundError } from '../errors.js';
import { metadataPath, readMetadata, type WorkspaceMetadata } from './metadata.js';

export interface Workspace { dir: string; metadata: WorkspaceMetadata }

/** The default place `start` scaffolds a lab into, relative to where the user runs it. */
export function defaultWorkspaceDir(cwd: string, labId: string): string {
  return join(cwd, 'sysdesign-labs', labId);
}

/**
 * Finds the workspace: `--dir` if given, else the current folder or one above it, else (when a lab is
 * named) `./sysdesign-labs/<lab>`.
 */
export async function locateWorkspace(options: { cwd: string; dir?: string; lab?: string }): Promise<Workspace> {
  if (options.dir) {
    const dir = resolve(options.cwd, options.dir);
    if (!existsSync(metadataPath(dir))) throw new WorkspaceNotFoundError(dir);
    return { dir, metadata: await readMetadata(dir) };
  }
  for (let dir = resolve(options.cwd); ; dir = dirname(dir)) {
    if (existsSync(metadataPath(dir))) {
      const metadata = await readMetadata(dir);
      if (!options.lab || metadata.lab === options.lab) return { dir, metadata };
    }
    if (dirname(dir) === dir) break;
  }
  if (options.lab) {
    const dir = defaultWorkspaceDir(options.cwd, options.lab);
    if (existsSync(metadataPath(dir))) return { dir, metadata: await readMetadata(dir) };
  }
  throw new WorkspaceNotFoundError(resolve(options.cwd));
}

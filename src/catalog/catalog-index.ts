// Kept free of zod and yaml, so a catalog read from the cache costs neither.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CatalogError, LabNotFoundError, UsageError } from '../errors.js';
import { LABS_DIR, TRACKS_DIR } from '../paths.js';
import type { Lab } from './schema/lab.js';
import type { Operations } from './schema/operations.js';
import type { Track } from './schema/track.js';
import { suggest } from './suggest.js';

export interface LoadedLab extends Lab {
  /** The lab's folder (absolute). */
  dir: string;
  /**
   * Provided files that come from the track's runtime for this lab's kind, not from the starter: by track id,
   * workspace file name -> absolute path. Their names are already in the track's `provided` list.
   */
  runtime?: Record<string, Record<string, string>>;
  /** A library lab's operations (its operations.yaml): what its checks may send and its driver replies. */
  operations?: Operations;
  /** The lab pack folder (absolute, real path) the lab came from; absent for a lab of the catalog itself. */
  source?: string;
}

/** Where the pristine copy of a provided file is: the track runtime's file, or the starter's. */
export function pristinePath(lab: LoadedLab, trackId: string, file: string): string {
  return lab.runtime?.[trackId]?.[file] ?? join(lab.dir, lab.tracks[trackId].starter, file);
}

/**
 * Adds the runtime files a track gives labs of this kind (`runtime.<kind>` in labs/tracks/<id>.yaml): provided
 * files of each of the lab's tracks, and the run command's entry when the lab names none.
 */
export function withRuntime(lab: LoadedLab, tracks: Map<string, Track>, tracksDir: string): LoadedLab {
  const runtime: Record<string, Record<string, string>> = {};
  const labTracks = { ...lab.tracks };
  for (const [trackId, track] of Object.entries(lab.tracks)) {
    const rt = tracks.get(trackId)?.runtime[lab.kind];
    if (!rt) continue;
    runtime[trackId] = Object.fromEntries(rt.files.map((f) => [f, join(tracksDir, rt.dir, f)]));
    labTracks[trackId] = {
      ...track, provided: [...track.provided.filter((f) => !rt.files.includes(f)), ...rt.files], entry: track.entry ?? rt.entry,
    };
  }
  return Object.keys(runtime).length ? { ...lab, tracks: labTracks, runtime } : lab;
}

export interface Catalog {
  labs: LoadedLab[];
  tracks: Map<string, Track>;
  /** Files that failed to load; each hides nothing else. */
  problems: CatalogError[];
  lab(id: string): LoadedLab;
  track(id: string): Track;
}

export interface CatalogOptions {
  labsDir?: string;
  tracksDir?: string;
  /** Lab pack folders (`--labs`, `SYSDESIGN_LABS`): each holds lab folders beside the catalog's own. */
  packs?: readonly string[];
  /** The plan whose item ids pack labs may name (labs/plan.yaml when absent). */
  planFile?: string;
}

/** Where the labs and the track definitions are: a labs folder may bring its own tracks/. */
export function catalogDirs(options: CatalogOptions = {}): { labsDir: string; tracksDir: string } {
  const labsDir = options.labsDir ?? LABS_DIR;
  const own = join(labsDir, 'tracks');
  return { labsDir, tracksDir: options.tracksDir ?? (existsSync(own) ? own : TRACKS_DIR) };
}

/** The catalog's lookups over loaded labs and tracks: unknown ids get a suggestion, broken labs their errors. */
export function makeCatalog(labs: LoadedLab[], tracks: Map<string, Track>, problems: CatalogError[]): Catalog {
  return {
    labs, tracks, problems,
    lab(id) {
      const found = labs.find((l) => l.id === id);
      if (found) return found;
      const broken = problems.find((p) => p.problems.some((q) => q.file.includes(`/${id}/`) || q.file.startsWith(`labs/${id}/`)));
      if (broken) throw broken;
      throw new LabNotFoundError(id, suggest(id, labs.map((l) => l.id)));
    },
    track(id) {
      const track = tracks.get(id);
      if (!track) {
        const near = suggest(id, [...tracks.keys()]);
        throw new UsageError(`unknown track "${id}" (this sysdesign has ${[...tracks.keys()].sort().join(', ')})`,
          near ? `did you mean "${near}"?` : '`sysdesign list` shows the tracks of each lab; a workspace names its own in .sysdesign/lab.json.');
      }
      return track;
    },
  };
}

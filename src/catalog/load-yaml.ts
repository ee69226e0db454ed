import { readFile, stat } from 'node:fs/promises';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { CatalogError, type CatalogProblem } from '../errors.js';

/** Parses and validates one YAML file; every problem comes back located (file, line, column, field). */
/** A problem found after the schema passed (a missing file, an unknown id), at a path in the document. */
export interface FieldProblem { path: (string | number)[]; message: string }

export interface ParseOptions<T> {
  /** Shown in messages instead of the absolute path. */
  displayName?: string;
  /** Checks beyond the schema; their problems are located like schema errors. */
  verify?: (value: T) => FieldProblem[];
}

/** Forty times the largest lab or question file so far: a bigger one is a mistake, and would take seconds and gigabytes. */
export const MAX_YAML_BYTES = 1024 * 1024;
/** Aliases one document may expand (the yaml package's own default, made explicit): a billion-laughs file stops here. */
const MAX_ALIAS_COUNT = 100;
/** Problems reported per file; the rest are counted, so one broken file cannot flood the terminal. */
export const MAX_PROBLEMS_PER_FILE = 20;

export async function loadYamlFile<S extends z.ZodType>(file: string, schema: S, options: ParseOptions<z.infer<S>> = {}): Promise<z.infer<S>> {
  const name = options.displayName ?? file;
  const whole = (message: string) => new CatalogError([{ file: name, line: 1, column: 1, field: '', message }]);
  let info;
  try { info = await stat(file); } catch (e) { throw whole(`cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`); }
  if (!info.isFile()) throw whole('it is a folder (or another non-file), not a YAML file');
  if (info.size > MAX_YAML_BYTES) throw whole(`it is ${(info.size / 1024 / 1024).toFixed(1)} MiB; a catalog file may be at most ${MAX_YAML_BYTES / 1024 / 1024} MiB`);
  const text = await readFile(file, 'utf8');
  return parseYaml(text, schema, name, options.verify);
}

export function parseYaml<S extends z.ZodType>(text: string, schema: S, file: string, verify?: (value: z.infer<S>) => FieldProblem[]): z.infer<S> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw capped(doc.errors.map((e) => {
      const pos = lineCounter.linePos(e.pos[0]);
      return { file, line: pos.line, column: pos.col, field: '', message: firstLine(e.message) };
    }));
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    // The yaml package stops alias expansion past the bound with a ReferenceError.
    throw new CatalogError([{ file, line: 1, column: 1, field: '', message: `${firstLine((e as Error).message)} (anchors and aliases may expand at most ${MAX_ALIAS_COUNT} times)` }]);
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    throw capped(result.error.issues.map((issue) => locate(doc, lineCounter, file, {
      path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: issue.message,
    })));
  }
  const problems = verify?.(result.data) ?? [];
  if (problems.length > 0) throw capped(problems.map((p) => locate(doc, lineCounter, file, p)));
  return result.data;
}

function capped(problems: CatalogProblem[]): CatalogError {
  if (problems.length <= MAX_PROBLEMS_PER_FILE) return new CatalogError(problems);
  const last = problems[MAX_PROBLEMS_PER_FILE];
  return new CatalogError([...problems.slice(0, MAX_PROBLEMS_PER_FILE),
    { ...last, field: '', message: `… and ${problems.length - MAX_PROBLEMS_PER_FILE} more problems in this file` }]);
}

function locate(doc: Document, lineCounter: LineCounter, file: string, { path, message }: FieldProblem): CatalogProblem {
  const offset = offsetOf(doc, path);
  const pos = lineCounter.linePos(offset);
  return { file, line: pos.line, column: pos.col, field: formatPath(path), message };
}

/** The deepest node on the path that exists: a missing field points at its parent. */
function offsetOf(doc: Document, path: (string | number)[]): number {
  for (let len = path.length; len >= 0; len--) {
    const node = doc.getIn(path.slice(0, len), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return 0;
}

export function formatPath(path: (string | number)[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}

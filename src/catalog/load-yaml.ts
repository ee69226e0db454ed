import { readFile } from 'node:fs/promises';
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

export async function loadYamlFile<S extends z.ZodType>(file: string, schema: S, options: ParseOptions<z.infer<S>> = {}): Promise<z.infer<S>> {
  const text = await readFile(file, 'utf8');
  return parseYaml(text, schema, options.displayName ?? file, options.verify);
}

export function parseYaml<S extends z.ZodType>(text: string, schema: S, file: string, verify?: (value: z.infer<S>) => FieldProblem[]): z.infer<S> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new CatalogError(doc.errors.map((e) => {
      const pos = lineCounter.linePos(e.pos[0]);
      return { file, line: pos.line, column: pos.col, field: '', message: firstLine(e.message) };
    }));
  }
  const result = schema.safeParse(doc.toJS());
  if (!result.success) {
    throw new CatalogError(result.error.issues.map((issue) => locate(doc, lineCounter, file, {
      path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: issue.message,
    })));
  }
  const problems = verify?.(result.data) ?? [];
  if (problems.length > 0) throw new CatalogError(problems.map((p) => locate(doc, lineCounter, file, p)));
  return result.data;
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

import type { z } from 'zod';
import { UsageError } from '../errors.js';

/** Validates commander's parsed options against a command's schema; a bad value is a usage error (exit 2). */
export function parseOptions<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const flag = issue.path.length ? `--${String(issue.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}` : 'options';
  throw new UsageError(`${flag}: ${issue.message}`, 'see `sysdesign <command> --help`.');
}

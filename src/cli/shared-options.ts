import type { z } from 'zod';
import { UsageError } from '../errors.js';

/** Validates commander's parsed options against a command's schema; a bad value is a usage error (exit 2). */
export function parseOptions<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = issue.path.length ? String(issue.path[0]) : undefined;
  const flag = key ? `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}` : 'options';
  const given = key ? (raw as Record<string, unknown>)?.[key] : undefined;
  // zod speaks of types ("expected number, received NaN"); the user typed a word where a number goes.
  const said = issue.code === 'invalid_type' && issue.expected === 'number' ? 'is not a number'
    : issue.code === 'invalid_type' && issue.expected === 'int' ? 'is not a whole number'
    : issue.code === 'too_small' ? `must be ${issue.inclusive ? 'at least' : 'more than'} ${issue.minimum}`
    : issue.code === 'too_big' ? `must be ${issue.inclusive ? 'at most' : 'less than'} ${issue.maximum}` : issue.message;
  throw new UsageError(`${flag}${typeof given === 'string' ? ` ${JSON.stringify(given)}` : ''}: ${said}`, 'see `sysdesign <command> --help`.');
}

/**
 * Chained requests in a load run: a request may capture top-level fields of its JSON answer, and later
 * requests of the same cycle on the same connection use them as `{{name}}` in their path or body (a job
 * queue's ack names the job its lease returned). Pure, so the worker stays glue and this is tested alone.
 */

/** `{{name}}`: a captured field. */
const PLACEHOLDER = /\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}/g;

export interface ChainStep { path: string; body?: string; capture?: string[] }

export function usesPlaceholders(step: ChainStep): boolean {
  return hasPlaceholder(step.path) || (step.body !== undefined && hasPlaceholder(step.body));
}

function hasPlaceholder(text: string): boolean {
  return new RegExp(PLACEHOLDER.source).test(text);
}

/**
 * The text with every `{{name}}` replaced by the value captured on this connection, or undefined when one
 * is missing (the answer it came from was not JSON or lacked the field): the rest of the cycle is skipped.
 * In a path the value is URL-encoded; in a body it is escaped as the inside of a JSON string, so
 * `"{{lease}}"` in a JSON body stays valid JSON whatever the value holds.
 */
export function fill(text: string, context: Record<string, string>, where: 'path' | 'body'): string | undefined {
  let missing = false;
  const out = text.replace(PLACEHOLDER, (_, name: string) => {
    const value = context[name];
    if (value === undefined) { missing = true; return ''; }
    return where === 'path' ? encodeURIComponent(value) : JSON.stringify(value).slice(1, -1);
  });
  return missing ? undefined : out;
}

/** Stores the named top-level fields of a JSON answer (strings and numbers, as text) in the context. */
export function capture(body: string, names: string[], context: Record<string, string>): void {
  let parsed: unknown;
  try { parsed = JSON.parse(body); } catch { return; }
  if (typeof parsed !== 'object' || parsed === null) return;
  for (const name of names) {
    const value = (parsed as Record<string, unknown>)[name];
    if (typeof value === 'string' || typeof value === 'number') context[name] = String(value);
  }
}

/** Why a chain cannot run, or undefined: the first request of a cycle has nothing captured yet. */
export function chainProblem(steps: ChainStep[]): string | undefined {
  if (steps.length > 0 && usesPlaceholders(steps[0])) return `the first request of a load run cannot use a {{placeholder}}: nothing has been captured before it (${steps[0].path})`;
  return undefined;
}

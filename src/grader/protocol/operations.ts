// Requests and replies of a library lab held against its operations.yaml. A request that breaks it is the
// lab's check's fault; a reply that breaks it is the program's (the learner's code behind the driver), except
// where only the driver could be at fault (a declared operation it does not know, a field it cannot decode).
import type { Field, FieldType, Operations } from '../../catalog/schema/operations.js';

/** Error replies the track wires give for any operation (see labs/tracks/<t>/library). */
const WIRE_EXCEPTION = 'exception';

export type ReplyVerdict =
  | { ok: true }
  /** The reply breaks the contract: the program's failure. */
  | { ok: false; blame: 'program'; message: string }
  /** The reply shows the driver and operations.yaml disagree: a bug in the lab. */
  | { ok: false; blame: 'lab'; message: string };

/** Why a request a check sends does not fit the declared operation, or undefined when it does. */
export function requestProblem(operations: Operations, request: Record<string, unknown> & { op: string }): string | undefined {
  const op = Object.hasOwn(operations, request.op) ? operations[request.op] : undefined;
  if (!op) return `the operation "${request.op}" is not declared (declared: ${Object.keys(operations).join(', ')})`;
  for (const [name, value] of Object.entries(request)) {
    if (name === 'op' || value === undefined) continue;
    const field = Object.hasOwn(op.request, name) ? op.request[name] : undefined;
    if (!field) return `"${request.op}" has no request field "${name}" (declared: ${Object.keys(op.request).join(', ') || 'none'})`;
    if (!fits(value, field)) return `"${request.op}" field "${name}" must be ${describe(field)}, not ${show(value)}`;
  }
  const missing = Object.entries(op.request).find(([name, f]) => !f.optional && request[name] === undefined);
  if (missing) return `"${request.op}" needs the request field "${missing[0]}" (${describe(missing[1])})`;
  return undefined;
}

/** Whether a reply to a (declared) operation has the declared shape, and whose fault it is when not. */
export function checkReply(operations: Operations, opName: string, reply: Record<string, unknown>): ReplyVerdict {
  const op = operations[opName];
  const error = reply.error;
  if (typeof error === 'string') {
    if (error === 'unknown-op') return { ok: false, blame: 'lab', message: `the driver does not know the operation "${opName}" that operations.yaml declares` };
    if (error === 'bad-request') {
      return { ok: false, blame: 'lab', message: `the driver refused a request operations.yaml allows for "${opName}" (${String(reply.message ?? '')}): they disagree on its fields` };
    }
    if (error === WIRE_EXCEPTION || op.errors.includes(error)) return { ok: true };
    if (!Object.hasOwn(op.reply, 'error')) {
      const may = op.errors.length ? `it may answer ${op.errors.map((e) => `"${e}"`).join(', ')} or "exception"` : 'its only error reply is "exception"';
      return { ok: false, blame: 'program', message: `the reply to "${opName}" is the error "${error}", which that operation never answers (${may})` };
    }
  }
  for (const [name, field] of Object.entries(op.reply)) {
    if (!Object.hasOwn(reply, name)) {
      if (field.optional) continue;
      return { ok: false, blame: 'program', message: `the reply to "${opName}" has no "${name}" field (it must be ${describe(field)})` };
    }
    if (!fits(reply[name], field)) {
      return { ok: false, blame: 'program', message: `the reply to "${opName}" has "${name}": ${show(reply[name])}, but it must be ${describe(field)}` };
    }
  }
  const extra = Object.keys(reply).find((name) => !Object.hasOwn(op.reply, name));
  if (extra !== undefined) return { ok: false, blame: 'lab', message: `the driver's reply to "${opName}" has the field "${extra}", which operations.yaml does not declare` };
  return { ok: true };
}

function fits(value: unknown, field: Field): boolean {
  if (value === null) return field.nullable || field.type === 'any';
  return isType(value, field.type);
}

function isType(value: unknown, type: FieldType): boolean {
  switch (type) {
    case 'string': return typeof value === 'string';
    case 'integer': return Number.isInteger(value);
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'boolean': return typeof value === 'boolean';
    case 'array': return Array.isArray(value);
    case 'object': return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'any': return value !== undefined;
  }
}

const ARTICLE: Record<FieldType, string> = {
  string: 'a string', integer: 'an integer', number: 'a number', boolean: 'a boolean', array: 'an array', object: 'an object', any: 'any value',
};

function describe(field: Field): string {
  return field.nullable ? `${ARTICLE[field.type]} or null` : ARTICLE[field.type];
}

/** A value as a message shows it: short, and its kind plain when JSON alone would hide it. */
function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

import { z } from 'zod';

/**
 * `labs/<lab>/operations.yaml` of a library lab: every operation its drivers answer, with the fields a
 * request carries and the fields an ok reply carries. The grader checks every request a check sends and
 * every reply against it, and a test checks that both tracks' drivers have exactly these operations.
 */

export const FIELD_TYPES = ['string', 'integer', 'number', 'boolean', 'array', 'object', 'any'] as const;
export const FieldType = z.enum(FIELD_TYPES);
export type FieldType = z.infer<typeof FieldType>;

const FieldObject = z.object({
  type: FieldType,
  /** The field may be absent. */
  optional: z.boolean().default(false),
  /** The field may be null. */
  nullable: z.boolean().default(false),
}).strict();

/** `name: type`, or `name: { type, optional: true, nullable: true }`. */
export const Field = z.union([FieldType, FieldObject], {
  error: `a type (${FIELD_TYPES.join(', ')}) or { type, optional, nullable }`,
}).transform((f) => (typeof f === 'string' ? { type: f, optional: false, nullable: false } : f));
export type Field = z.infer<typeof Field>;

const FieldName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a field name: letters, digits and _');
const OperationName = z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/,
  'an operation name: letters and digits (names beginning with "__" belong to the wire)');
const ErrorKind = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a kebab-case error kind');

/** The wire numbers and names every request itself: a field of these names would be overwritten. */
const WIRE_FIELDS = ['id', 'op'];

export const Operation = z.object({
  /** One line: what the operation does to the learner's code. */
  description: z.string().min(10),
  request: z.record(FieldName, Field).default({}),
  /** The fields of its ok reply (any reply that is not one of its `errors`). */
  reply: z.record(FieldName, Field).default({}),
  /**
   * The `error` values of the error replies it may give, beyond the wire's own "exception". An error
   * reply's other fields are not declared: checks read them only after matching the error.
   */
  errors: z.array(ErrorKind).default([]),
}).strict()
  .refine((op) => !WIRE_FIELDS.some((f) => f in op.request), { message: `"id" and "op" belong to the wire, not to a request's fields`, path: ['request'] })
  .refine((op) => !('id' in op.reply), { message: `"id" belongs to the wire, not to a reply's fields`, path: ['reply'] })
  .refine((op) => new Set(op.errors).size === op.errors.length, { message: 'each error kind once', path: ['errors'] });
export type Operation = z.infer<typeof Operation>;

export const OperationsFile = z.object({
  operations: z.record(OperationName, Operation).refine((ops) => Object.keys(ops).length > 0, 'at least one operation'),
}).strict();
export type OperationsFile = z.infer<typeof OperationsFile>;
export type Operations = OperationsFile['operations'];

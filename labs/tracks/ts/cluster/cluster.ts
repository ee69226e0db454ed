// Provided by sysdesign-lab: do not edit. The node contract of every cluster lab.
//
// You write ONE node as an event-driven state machine: `export function createNode(): NodeHandlers` in
// node.ts. The grader simulates the whole cluster: it owns the clock (virtual milliseconds) and the network
// (latency, loss, duplication, reordering, partitions) and calls your handlers one at a time. Nothing else
// runs: no threads, no sleeps, no wall clock, no Math.random, no I/O. Everything a node does goes through the
// context, which is what makes every run replay exactly from its seed.
//
// Messages have Maelstrom's shape: {src, dest, body: {type, msg_id?, in_reply_to?, ...}}. Servers are
// n1, n2, …; clients are c1, c2, …. A crash loses everything but `ctx.storage`; on restart createNode() is
// called again and init runs again with the storage as it was persisted.

/** A JSON value: what a message field or a storage value may hold. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A message body: `type` names it; the runtime numbers `msg_id` when you leave it out. */
export interface Body {
  type: string;
  msg_id?: number;
  in_reply_to?: number;
  [field: string]: unknown;
}

export interface Message<B extends Body = Body> {
  src: string;
  dest: string;
  body: B;
}

/** Durable storage: survives a crash. Values are copied in and out (JSON), so later edits never leak in. */
export interface Storage {
  get<T = Json>(key: string): T | undefined;
  set(key: string, value: Json): void;
  delete(key: string): void;
  /** The stored keys, sorted. */
  keys(): string[];
}

export interface NodeContext {
  /** This node's id, e.g. "n3". */
  readonly id: string;
  /** Every server node's id, this one included, in order: ["n1", "n2", …]. */
  readonly nodeIds: readonly string[];
  /** Virtual time in ms since the cluster started. Moves only between handler calls. */
  now(): number;
  /** Sends a message to a node or a client; returns its msg_id (the body's own, or a fresh one). */
  send(dest: string, body: Body): number;
  /** Answers `request`: sends to its src with in_reply_to = its msg_id. */
  reply(request: Message, body: Body): number;
  /**
   * Calls onTimer(ctx, name) after `ms` virtual ms (at least 1). Setting a name that is pending replaces it.
   * Timers are volatile: a crash cancels them all.
   */
  setTimer(name: string, ms: number): void;
  /** Cancels the pending timer of that name, if any. */
  cancelTimer(name: string): void;
  /** A float in [0, 1) from this node's seeded generator: the only randomness a node may use. */
  random(): number;
  readonly storage: Storage;
  /** Writes a line to the grader's log of this node (shown with failures); never on stdout. */
  log(...parts: unknown[]): void;
}

/** Your node. Handlers run to completion, one at a time; state lives in the object createNode returns. */
export interface NodeHandlers {
  /** Once when the node starts, and again after each restart (storage kept, everything else new). */
  init?(ctx: NodeContext): void;
  /** Every message delivered to this node: client requests and other nodes' messages alike. */
  onMessage(ctx: NodeContext, msg: Message): void;
  /** A timer set with ctx.setTimer fired. */
  onTimer?(ctx: NodeContext, name: string): void;
}

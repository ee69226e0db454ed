/**
 * The wire between the grader and a track's cluster driver (labs/tracks/<track>/cluster/): one JSON object a
 * line each way, one answer per command, in order.
 *
 *   {"cmd":"reset","nodes":["n1",…],"seed":N}   -> {"ok":true}
 *     Forget every node, its storage, its timers and the msg_id counters; the nodes of the next run are these.
 *   {"cmd":"run","until":T,"events":[RunEvent…],"forget":[ref…]} -> {"done":[Done…],"next":T2|null}
 *     Handle the events (sorted by time) and the nodes' own timers that fire before T, in time order: at equal
 *     times the events first, then timers in the order they were set. Nothing a handler sends can arrive before
 *     T (the grader picks T within the shortest link latency), which is what lets a whole window go in one line.
 *     `next` is the earliest pending timer afterwards.
 *
 * Every message a handler sends gets a ref: 1, 2, … in the order the driver reports them (since the reset). The
 * driver keeps each one, and the grader delivers a node's message by its ref instead of sending it back; after
 * a run's events the driver drops the refs in `forget` (delivered for the last time, lost, or sent to a client).
 *
 * The driver owns timers (a crash cancels a node's; setting a name again replaces it), storage (kept across a
 * crash, JSON-copied) and msg_id numbering (per node, kept across a crash so ids stay unique); the grader owns
 * time, the network, crashes and the client side.
 */
import type { Body, Message, NodeId } from './types.js';

export interface ResetCommand { cmd: 'reset'; nodes: NodeId[]; seed: number }

/**
 * `init` starts a node (a fresh one after a crash: restart); `crash` drops it; `deliver` hands it a message: a
 * client's in full (`msg`), a node's by its ref (each delivery gets its own copy of the body).
 */
export type RunEvent =
  | { at: number; node: NodeId; do: 'init' | 'crash' }
  | { at: number; node: NodeId; do: 'deliver'; msg: Message }
  | { at: number; node: NodeId; do: 'deliver'; ref: number };

export interface RunCommand { cmd: 'run'; until: number; events: RunEvent[]; forget?: number[] }

/** What one handler call did: `i` is the index of the RunEvent it handled; timers have `timer` instead. */
export interface Done {
  at: number;
  node: NodeId;
  ev: 'init' | 'crash' | 'deliver' | 'timer';
  i?: number;
  timer?: string;
  sent?: { dest: NodeId; body: Body }[];
  /** Storage writes in order: [key, value], or [key] for a delete. */
  store?: [string, unknown?][];
  logs?: string[];
  /** The handler threw (or panicked): the message and the top of the stack. */
  error?: string;
}

export interface RunAnswer { done: Done[]; next: number | null }

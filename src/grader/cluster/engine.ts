import { createRandom } from '../random.js';
import { Network } from './network.js';
import { EventQueue } from './queue.js';
import type { Body, ClientOp, ClusterStats, Fault, Message, NetworkSpec, NodeId, RequestStep, TraceEvent } from './types.js';
import type { Done, RunAnswer, RunCommand, RunEvent } from './wire.js';

/** What the engine needs from the process hosting the nodes (RuntimeProcess, or a fake in tests). */
export interface NodeHost {
  run(command: RunCommand): Promise<RunAnswer>;
}

/** A failure the cluster turns into a report (message-sequence diagram and all). */
export type FailHandler = (message: string, detail?: { expected?: unknown; received?: unknown }) => never;

export interface OpRecord extends ClientOp {
  /** When its timeout fires (virtual ms). */
  readonly deadline: number;
  status: ClientOp['status'];
  reply?: Body;
  completedAt?: number;
}

/** Items of the main queue: node events go to the host in batches; the rest the grader handles itself. */
type Item =
  | { k: 'node'; ev: RunEvent }
  | { k: 'arrive'; msg: Message }
  | { k: 'timeout'; op: OpRecord };

/** Items that change the world between batches: a window never spans one. */
type Control = { k: 'fault'; fault: Fault } | { k: 'request'; step: RequestStep };

export interface EngineOptions {
  nodeIds: NodeId[];
  seed: number;
  network: NetworkSpec;
  requestTimeoutMs: number;
  maxEvents: number;
  host: NodeHost;
  fail: FailHandler;
}

const CLIENT_ID = /^c\d+$/;

/**
 * The discrete-event simulation behind a Cluster. Time moves in windows: every node event in [t, t + L) —
 * L the shortest link latency — goes to the host in one batch, since nothing sent inside the window can
 * arrive inside it; the host fires the nodes' own timers in between. Faults and scheduled requests end a
 * window, so the network a message meets is the one in force when it was sent.
 */
export class Engine {
  readonly trace: TraceEvent[] = [];
  readonly history: OpRecord[] = [];
  readonly network: Network;
  private readonly queue = new EventQueue<Item>();
  private readonly controls = new EventQueue<Control>();
  /** Nodes started in the batches handed to the host so far. */
  private readonly up = new Set<NodeId>();
  /** Nodes crashed by the faults applied so far (ahead of `up` until their crash event is handed over). */
  private readonly down = new Set<NodeId>();
  private readonly ops = new Map<string, OpRecord>();
  private readonly clientMsgIds = new Map<NodeId, number>();
  private clients = 0;
  private hostNext: number | null = null;
  private time = 0;
  private counts = emptyCounts();

  constructor(private readonly o: EngineOptions) {
    this.network = new Network(o.network, createRandom((o.seed ^ 0x5bd1e995) >>> 0));
    for (const node of o.nodeIds) this.queue.push(0, { k: 'node', ev: { at: 0, node, do: 'init' } });
  }

  now(): number { return this.time; }
  isUp(node: NodeId): boolean { return this.up.has(node); }
  pendingControls(): number { return this.controls.size; }
  crashed(): NodeId[] { return this.o.nodeIds.filter((n) => this.down.has(n)); }

  /** A time by which every op invoked so far has its reply or its timeout. */
  settleBound(): number {
    let bound = this.time;
    for (const op of this.history) if (op.status === 'pending' && op.deadline > bound) bound = op.deadline;
    return bound + 1;
  }

  stats(): ClusterStats {
    const c = this.counts;
    return { ...c, byType: { ...c.byType }, messagesPerOp: c.clientRequests ? c.serverMessages / c.clientRequests : 0 };
  }

  resetStats(): void { this.counts = emptyCounts(); }

  note(text: string): void { this.trace.push({ t: this.time, kind: 'note', text }); }

  /** Sends a client request now; its delivery and its timeout are queued. */
  invoke(node: NodeId, body: Body, client?: NodeId, timeoutMs = this.o.requestTimeoutMs): OpRecord {
    if (!this.o.nodeIds.includes(node)) throw new Error(`no node ${JSON.stringify(node)} in this cluster (nodes: ${this.o.nodeIds.join(', ')})`);
    const from = client ?? `c${++this.clients}`;
    if (!CLIENT_ID.test(from)) throw new Error(`client ids look like c1, c2, … (got ${JSON.stringify(from)})`);
    const msgId = (this.clientMsgIds.get(from) ?? 0) + 1;
    this.clientMsgIds.set(from, msgId);
    const request: Body = { ...body, msg_id: msgId };
    const op: OpRecord = { id: this.history.length + 1, client: from, node, request, invokedAt: this.time, deadline: this.time + timeoutMs, status: 'pending' };
    this.history.push(op);
    this.ops.set(`${from} ${msgId}`, op);
    this.counts.clientRequests++;
    this.trace.push({ t: this.time, kind: 'invoke', op: op.id, client: from, node, body: request });
    this.queue.push(this.network.clientArrival(this.time), { k: 'node', ev: { at: 0, node, do: 'deliver', msg: { src: from, dest: node, body: request } } });
    this.queue.push(op.deadline, { k: 'timeout', op });
    return op;
  }

  /** Applies a fault now. Crashes and restarts are node events, handled in time order with the others. */
  apply(fault: Fault): void {
    switch (fault.kind) {
      case 'partition':
        this.checkNodes(fault.groups.flat());
        this.network.partition(fault.groups, this.o.nodeIds);
        this.trace.push({ t: this.time, kind: 'partition', groups: fault.groups });
        return;
      case 'cut':
        this.checkNodes([...fault.from, ...fault.to]);
        this.network.cut(fault.from, fault.to);
        this.trace.push({ t: this.time, kind: 'cut', from: fault.from, to: fault.to });
        return;
      case 'heal':
        this.network.heal();
        this.trace.push({ t: this.time, kind: 'heal' });
        return;
      case 'crash':
      case 'restart':
        this.checkNodes([fault.node]);
        // A crash of a crashed node, or a restart of a running one (a shrunk scenario may ask), changes nothing.
        if ((fault.kind === 'crash') === this.down.has(fault.node)) return;
        if (fault.kind === 'crash') this.down.add(fault.node); else this.down.delete(fault.node);
        this.queue.push(this.time, { k: 'node', ev: { at: 0, node: fault.node, do: fault.kind === 'crash' ? 'crash' : 'init' } });
    }
  }

  /** Schedules a fault or a request at an absolute virtual time (a scenario's step). */
  schedule(at: number, control: Control): void { this.controls.push(Math.max(at, this.time), control); }

  /**
   * Runs until `horizon` (exclusive: events at it stay queued) or until `stop()` holds, checked whenever a
   * message reaches a client or a request times out. Returns whether it stopped on `stop`.
   */
  async runUntil(horizon: number, stop?: () => boolean): Promise<boolean> {
    for (;;) {
      if (stop?.()) return true;
      const tq = this.queue.peekTime();
      const tc = this.controls.peekTime();
      const tt = this.hostNext ?? Infinity;
      const head = this.queue.peek();
      if (head && head.k !== 'node' && tq <= tc && tq <= tt && tq < Math.max(horizon, this.time)) {
        this.handleClientSide(this.queue.pop()!);
        continue;
      }
      const t0 = Math.min(tq, tc, tt);
      if (t0 >= horizon) {
        this.time = Math.max(this.time, horizon);
        return false;
      }
      if (tc === t0) {
        this.time = Math.max(this.time, t0);
        this.handleControl(this.controls.pop()!.item);
        continue;
      }
      await this.runWindow(Math.min(t0 + this.network.minLatency(), horizon, tc));
    }
  }

  private async runWindow(until: number): Promise<void> {
    const events: RunEvent[] = [];
    const later: { time: number; item: Item }[] = [];
    while (this.queue.peekTime() < until) {
      const { time, item } = this.queue.pop()!;
      if (item.k !== 'node') { later.push({ time, item }); continue; }
      const ev = { ...item.ev, at: time };
      if (ev.do === 'deliver' && !this.up.has(ev.node)) {
        this.counts.toCrashed++;
        this.trace.push({ t: time, kind: 'send', msg: ev.msg, fate: 'crashed' });
        continue;
      }
      if (ev.do === 'crash') { if (!this.up.delete(ev.node)) continue; }
      if (ev.do === 'init') { if (this.up.has(ev.node)) continue; this.up.add(ev.node); }
      events.push(ev);
    }
    // Client-side items met on the way are handled in time order once the batch is back (they never reach a node).
    for (const { time, item } of later) this.queue.push(time, item);
    if (events.length === 0 && (this.hostNext === null || this.hostNext >= until)) {
      this.time = until;
      return;
    }
    const answer = await this.o.host.run({ cmd: 'run', until, events });
    this.hostNext = answer.next;
    for (const done of answer.done) this.absorb(done, events);
    this.time = until;
    if (this.counts.events > this.o.maxEvents) {
      this.o.fail(`the nodes handled more than ${this.o.maxEvents} events (deliveries, timers) in one run: a message storm, or a timer that fires too often?`);
    }
  }

  /** Records one handler call and routes what it sent. */
  private absorb(done: Done, events: RunEvent[]): void {
    const ev = done.i === undefined ? undefined : events[done.i];
    const t = done.at;
    this.counts.events++;
    if (done.ev === 'deliver' && ev?.do === 'deliver') this.trace.push({ t, kind: 'deliver', msg: ev.msg });
    else if (done.ev === 'timer') this.trace.push({ t, kind: 'timer', node: done.node, name: done.timer ?? '' });
    else if (done.ev === 'crash') this.trace.push({ t, kind: 'crash', node: done.node });
    else if (done.ev === 'init') this.trace.push({ t, kind: this.wasStarted(done.node) ? 'restart' : 'init', node: done.node });
    for (const text of done.logs ?? []) this.trace.push({ t, kind: 'log', node: done.node, text });
    for (const [key, ...value] of done.store ?? []) this.trace.push({ t, kind: 'store', node: done.node, key, ...(value.length ? { value: value[0] } : {}) });
    for (const { dest, body } of done.sent ?? []) this.route({ src: done.node, dest, body }, t);
    if (done.error) {
      const what = done.ev === 'deliver' && ev?.do === 'deliver' ? `a ${ev.msg.body.type} message from ${ev.msg.src}` : done.ev === 'timer' ? `timer ${JSON.stringify(done.timer)}` : done.ev;
      this.o.fail(`node ${done.node} failed while handling ${what} at ${t} ms: ${done.error}`);
    }
  }

  private readonly started = new Set<NodeId>();
  private wasStarted(node: NodeId): boolean {
    if (this.started.has(node)) return true;
    this.started.add(node);
    return false;
  }

  private route(msg: Message, t: number): void {
    if (CLIENT_ID.test(msg.dest)) {
      const arrives = this.network.clientArrival(t);
      this.trace.push({ t, kind: 'send', msg, fate: 'sent', arrives });
      this.queue.push(arrives, { k: 'arrive', msg });
      return;
    }
    if (!this.o.nodeIds.includes(msg.dest)) {
      this.o.fail(`node ${msg.src} sent a ${String(msg.body.type)} message to ${JSON.stringify(msg.dest)}, which is neither a node (${this.o.nodeIds.join(', ')}) nor a client (c1, c2, …) of this run`);
    }
    this.counts.serverMessages++;
    const type = String(msg.body.type);
    this.counts.byType[type] = (this.counts.byType[type] ?? 0) + 1;
    const { fate, arrivals } = this.network.route(msg.src, msg.dest, t);
    if (fate === 'lost') this.counts.lost++;
    if (fate === 'cut') this.counts.cut++;
    if (arrivals.length > 1) this.counts.duplicated += arrivals.length - 1;
    this.trace.push({ t, kind: 'send', msg, fate, ...(arrivals.length ? { arrives: arrivals[0] } : {}), ...(arrivals.length > 1 ? { copies: arrivals.length } : {}) });
    for (const at of arrivals) this.queue.push(at, { k: 'node', ev: { at: 0, node: msg.dest, do: 'deliver', msg } });
  }

  private handleClientSide({ time, item }: { time: number; item: Item }): void {
    // Nothing else is due before `time` (it was the earliest of everything), so the clock may move to it.
    this.time = Math.max(this.time, time);
    if (item.k === 'timeout') {
      if (item.op.status !== 'pending') return;
      item.op.status = 'timeout';
      this.trace.push({ t: time, kind: 'timeout', op: item.op.id, client: item.op.client, node: item.op.node, body: item.op.request });
      return;
    }
    if (item.k !== 'arrive') return;
    const { msg } = item;
    const op = this.ops.get(`${msg.dest} ${msg.body.in_reply_to}`);
    if (!op || op.status !== 'pending' || op.node !== msg.src) return; // a late or stray answer: it stays in the trace as sent
    op.status = 'ok';
    op.reply = msg.body;
    op.completedAt = time;
    this.counts.clientReplies++;
    this.trace.push({ t: time, kind: 'complete', op: op.id, client: op.client, node: op.node, body: msg.body });
  }

  private handleControl(control: Control): void {
    if (control.k === 'fault') this.apply(control.fault);
    else this.invoke(control.step.node, control.step.body, control.step.client);
  }

  private checkNodes(nodes: NodeId[]): void {
    const unknown = nodes.filter((n) => !this.o.nodeIds.includes(n));
    if (unknown.length) throw new Error(`no node ${unknown.join(', ')} in this cluster (nodes: ${this.o.nodeIds.join(', ')})`);
  }
}

function emptyCounts(): Omit<ClusterStats, 'messagesPerOp'> {
  return { serverMessages: 0, byType: {}, clientRequests: 0, clientReplies: 0, lost: 0, cut: 0, toCrashed: 0, duplicated: 0, events: 0 };
}

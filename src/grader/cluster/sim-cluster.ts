import { Engine, type EngineOptions } from './engine.js';
import { ClusterFailure } from './failure.js';
import type { Body, CallOptions, ClientOp, Cluster, ClusterStats, Fault, NetworkSpec, NodeId, Scenario, TraceEvent } from './types.js';

export type SimClusterOptions = Omit<EngineOptions, 'fail'>;

/** The Cluster a check drives: the engine plus the conveniences of the check API (types.ts documents each). */
export class SimCluster implements Cluster {
  readonly nodeIds: readonly NodeId[];
  readonly seed: number;
  private readonly engine: Engine;
  private readonly requestTimeoutMs: number;

  constructor(o: SimClusterOptions) {
    this.nodeIds = o.nodeIds;
    this.seed = o.seed;
    this.requestTimeoutMs = o.requestTimeoutMs;
    this.engine = new Engine({ ...o, fail: (message, detail) => this.fail(message, detail) });
  }

  get history(): readonly ClientOp[] { return this.engine.history; }
  get trace(): readonly TraceEvent[] { return this.engine.trace; }
  now(): number { return this.engine.now(); }
  stats(): ClusterStats { return this.engine.stats(); }
  resetStats(): void { this.engine.resetStats(); }
  note(text: string): void { this.engine.note(text); }

  invoke(node: NodeId, body: Body, options: CallOptions = {}): ClientOp {
    return this.engine.invoke(node, body, options.client, options.timeoutMs ?? this.requestTimeoutMs, options.probe ?? false);
  }

  async call(node: NodeId, body: Body, options: CallOptions = {}): Promise<ClientOp> {
    const op = this.invoke(node, body, options);
    await this.engine.runUntil(this.now() + (options.timeoutMs ?? this.requestTimeoutMs) + 1, () => op.status !== 'pending');
    return op;
  }

  async runFor(ms: number): Promise<void> {
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new Error(`runFor needs a finite number of ms (got ${ms})`);
    await this.engine.runUntil(this.now() + ms);
  }

  async runUntil(done: () => boolean, options: { maxMs: number }): Promise<boolean> {
    return this.engine.runUntil(this.now() + options.maxMs, done);
  }

  async settle(): Promise<void> {
    // Every pending op has its timeout queued, so this ends by then at the latest.
    await this.engine.runUntil(this.engine.settleBound(), () => this.engine.settled());
  }

  async play(scenario: Scenario): Promise<void> {
    const start = this.now();
    let last = start;
    for (const step of [...scenario.steps].sort((a, b) => a.at - b.at)) {
      const at = start + Math.max(0, step.at);
      last = Math.max(last, at);
      if (step.kind === 'request') this.engine.schedule(at, { k: 'request', step });
      else this.engine.schedule(at, { k: 'fault', fault: step });
    }
    await this.engine.runUntil(last + 1, () => this.engine.pendingControls() === 0);
    await this.settle();
  }

  apply(fault: Fault): void { this.engine.apply(fault); }

  partition(groups: NodeId[][]): void { this.apply({ kind: 'partition', groups }); }
  cut(from: NodeId[], to: NodeId[]): void { this.apply({ kind: 'cut', from, to }); }
  heal(): void { this.apply({ kind: 'heal' }); }
  crash(node: NodeId): void { this.apply({ kind: 'crash', node }); }
  restart(node: NodeId): void { this.apply({ kind: 'restart', node }); }
  crashed(): NodeId[] { return this.engine.crashed(); }

  recover(): void {
    this.heal();
    for (const node of this.crashed()) this.restart(node);
  }

  configure(network: NetworkSpec): void { this.engine.network.configure(network); }

  fail(message: string, detail: { expected?: unknown; received?: unknown; at?: number } = {}): never {
    const { at, ...shown } = detail;
    this.engine.note(`✘ ${message}`, at);
    throw new ClusterFailure(message, shown, { nodeIds: [...this.nodeIds], trace: this.engine.trace, seed: this.seed });
  }
}

import type { Random } from '../random.js';
import type { Latency, NetworkSpec, NodeId } from './types.js';

export type Fate = 'sent' | 'lost' | 'cut' | 'crashed';

export const DEFAULT_NETWORK: Required<NetworkSpec> = {
  latency: { kind: 'uniform', minMs: 1, maxMs: 10 },
  clientLatency: { kind: 'fixed', ms: 1 },
  loss: 0, duplicate: 0, fifo: false,
};

/**
 * The simulated links between server nodes: latency, loss, duplication, FIFO order, partitions and one-way
 * cuts. Every random draw comes from the run's generator, in the order messages are routed, so a seed fixes it all.
 */
export class Network {
  private spec: Required<NetworkSpec>;
  /** Ordered pairs "a b" whose messages are dropped (partitions and cuts alike). */
  private blocked = new Set<string>();
  /** FIFO links: the latest arrival scheduled on each. */
  private lastArrival = new Map<string, number>();

  constructor(spec: NetworkSpec, private readonly random: Random) {
    this.spec = { ...DEFAULT_NETWORK };
    this.configure(spec);
  }

  configure(spec: NetworkSpec): void {
    const next = { ...this.spec, ...stripUndefined(spec) };
    validateLatency(next.latency, 'latency');
    validateLatency(next.clientLatency, 'clientLatency');
    for (const p of ['loss', 'duplicate'] as const) {
      if (!(next[p] >= 0 && next[p] <= 1)) throw new Error(`network.${p} must be a probability between 0 and 1 (got ${next[p]})`);
    }
    this.spec = next;
  }

  /** The shortest node-to-node delay possible now: nothing sent at t arrives before t + this. */
  minLatency(): number { return minOf(this.spec.latency); }

  /** Splits the nodes into groups that cannot reach each other (nodes of `all` left out form one more group). */
  partition(groups: NodeId[][], all: readonly NodeId[]): void {
    const groupOf = new Map<NodeId, number>();
    groups.forEach((g, i) => g.forEach((n) => groupOf.set(n, i)));
    for (const a of all) for (const b of all) {
      if (a !== b && (groupOf.get(a) ?? -1) !== (groupOf.get(b) ?? -1)) this.blocked.add(`${a} ${b}`);
    }
  }

  cut(from: NodeId[], to: NodeId[]): void {
    for (const a of from) for (const b of to) if (a !== b) this.blocked.add(`${a} ${b}`);
  }

  heal(): void { this.blocked.clear(); }

  isBlocked(src: NodeId, dest: NodeId): boolean { return this.blocked.has(`${src} ${dest}`); }

  /** Where a node-to-node message sent at `t` goes: its fate and the arrival time of each copy. */
  route(src: NodeId, dest: NodeId, t: number): { fate: Fate; arrivals: number[] } {
    if (this.blocked.size > 0 && this.blocked.has(`${src} ${dest}`)) return { fate: 'cut', arrivals: [] };
    if (this.spec.loss > 0 && this.random.next() < this.spec.loss) return { fate: 'lost', arrivals: [] };
    const arrivals = [this.arrival(src, dest, t)];
    if (this.spec.duplicate > 0 && this.random.next() < this.spec.duplicate) arrivals.push(this.arrival(src, dest, t));
    return { fate: 'sent', arrivals };
  }

  /** A client-to-node or node-to-client message: never lost or cut. */
  clientArrival(t: number): number { return t + this.sample(this.spec.clientLatency); }

  private arrival(src: NodeId, dest: NodeId, t: number): number {
    let at = t + this.sample(this.spec.latency);
    if (this.spec.fifo) {
      const link = `${src} ${dest}`;
      at = Math.max(at, this.lastArrival.get(link) ?? 0);
      this.lastArrival.set(link, at);
    }
    return at;
  }

  private sample(latency: Latency): number {
    switch (latency.kind) {
      case 'fixed': return latency.ms;
      case 'uniform': return this.random.int(latency.minMs, latency.maxMs);
      case 'exponential': {
        const tail = -(latency.meanMs - latency.minMs) * Math.log(1 - this.random.next());
        return Math.min(latency.maxMs, latency.minMs + Math.round(tail));
      }
    }
  }
}

function minOf(latency: Latency): number {
  return latency.kind === 'fixed' ? latency.ms : latency.minMs;
}

function validateLatency(latency: Latency, name: string): void {
  const values = latency.kind === 'fixed' ? [latency.ms] : latency.kind === 'uniform' ? [latency.minMs, latency.maxMs]
    : [latency.minMs, latency.meanMs, latency.maxMs];
  if (!values.every((v) => Number.isInteger(v) && v >= 1)) throw new Error(`network.${name}: delays are whole virtual ms, at least 1 (got ${JSON.stringify(latency)})`);
  if (!values.every((v, i) => i === 0 || v >= values[i - 1])) throw new Error(`network.${name}: the bounds must not decrease (got ${JSON.stringify(latency)})`);
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

// Helpers shared by the two-phase-commit stages (not a stage itself): transactions to run, and the rules every
// run must keep, read from the trace (storage writes and messages) event by event.
import {
  fc, type Body, type ClientOp, type Cluster, type NetworkSpec, type NodeId, type Scenario, type ScenarioStep, type TraceEvent,
} from '../../../src/grader/api.js';

export const COORDINATOR = 'n1';
export const PARTICIPANTS = ['n2', 'n3', 'n4'];
export const NODES = 1 + PARTICIPANTS.length;
/** The coordinator decides aborted when a vote is still missing this long after commit arrived (README). */
export const VOTE_TIMEOUT_MS = 500;
/** A prepared participant with no decision asks at least this often (README). */
export const ASK_MS = 200;
/** Node-to-node latency of every stage: the longest is 100 ms, so a vote comes back well within the vote timeout. */
export const NETWORK: NetworkSpec = { latency: { kind: 'uniform', minMs: 10, maxMs: 100 } };
/** Once nothing stops it, a prepared participant has its decision within this bound (README): one ask, one answer, with room. */
export const LEARN_MS = 1_000;
/** Maelstrom's error codes the contract uses. */
export const ABORT_CODE = 14;
export const IN_DOUBT_CODE = 11;
/** The client the checks read with (one column in a diagram). */
const READER = 'c99';

export type Final = 'committed' | 'aborted';
type State = 'prepared' | Final;
const STATES: readonly string[] = ['prepared', 'committed', 'aborted'];

/** One transaction as the grader runs it: which participants it names and what each was sent to write. */
export interface Txn {
  id: string;
  participants: NodeId[];
  /** node → key → value; a named participant with no entry got no write, so it must vote no. */
  writes: Record<NodeId, Record<string, number>>;
}

/** A transaction over `participants`, each sent one or two writes except those in `without`. */
export function txnOf(id: string, participants: NodeId[], values: () => number, without: NodeId[] = []): Txn {
  const writes: Txn['writes'] = {};
  for (const p of participants) {
    if (without.includes(p)) continue;
    writes[p] = { [`${id}-${p}-a`]: values() };
    if (p === participants[0]) writes[p][`${id}-${p}-b`] = values();
  }
  return { id, participants, writes };
}

/** The steps of a transaction from `at`: its writes (one client each), then commit to the coordinator 5 ms later. */
export function stepsOf(txn: Txn, at: number): ScenarioStep[] {
  const steps: ScenarioStep[] = [];
  for (const [node, writes] of Object.entries(txn.writes)) {
    for (const [key, value] of Object.entries(writes)) steps.push({ at, kind: 'request', node, body: { type: 'write', txn: txn.id, key, value } });
  }
  steps.push({ at: at + 5, kind: 'request', node: COORDINATOR, body: { type: 'commit', txn: txn.id, participants: txn.participants } });
  return steps;
}

/** The transactions of a scenario, rebuilt from its steps (a shrunk scenario may have lost writes or commits). */
export function txnsOf(scenario: Scenario): Txn[] {
  const txns = new Map<string, Txn>();
  for (const step of scenario.steps) {
    if (step.kind !== 'request') continue;
    const id = String(step.body.txn);
    const txn = txns.get(id) ?? { id, participants: [], writes: {} };
    txns.set(id, txn);
    if (step.body.type === 'commit') txn.participants = step.body.participants as NodeId[];
    if (step.body.type === 'write') (txn.writes[step.node] ??= {})[String(step.body.key)] = step.body.value as number;
  }
  return [...txns.values()];
}

/** Values the grader writes: small positive integers. */
export const values = (random: { int(min: number, max: number): number }) => () => random.int(1, 999);

/** Sends a transaction's writes and waits for each write_ok, then commit; returns the commit op (not yet settled). */
export async function begin(cluster: Cluster, txn: Txn): Promise<ClientOp> {
  for (const [node, writes] of Object.entries(txn.writes)) {
    for (const [key, value] of Object.entries(writes)) expectReply(cluster, await cluster.call(node, { type: 'write', txn: txn.id, key, value }), 'write_ok');
  }
  return cluster.invoke(COORDINATOR, { type: 'commit', txn: txn.id, participants: txn.participants });
}

/** Fails unless `op` was answered with a body of type `type`. */
export function expectReply(cluster: Cluster, op: ClientOp, type: string): Body {
  if (op.status !== 'ok') cluster.fail(`${op.node} did not answer ${JSON.stringify(op.request)} within the request timeout`);
  if (op.reply!.type !== type) cluster.fail(`${op.node} answered ${op.request.type} with the wrong body`, { expected: { type }, received: op.reply, at: op.completedAt });
  return op.reply!;
}

/** What each node has recorded of each transaction (storage key txn/<id>, field state) at some point of the trace. */
export class Records {
  private readonly states = new Map<string, Map<NodeId, State>>();
  get(txn: string, node: NodeId): State | undefined { return this.states.get(txn)?.get(node); }
  set(txn: string, node: NodeId, state: State | undefined): void {
    const m = this.states.get(txn) ?? new Map<NodeId, State>();
    this.states.set(txn, m);
    if (state) m.set(node, state); else m.delete(node);
  }
  /** Every node's state of `txn`. */
  of(txn: string): Map<NodeId, State> { return this.states.get(txn) ?? new Map(); }
  txns(): string[] { return [...this.states.keys()]; }
  /** The transaction's outcome: committed if any node recorded it committed, otherwise aborted. */
  outcome(txn: string): Final { return [...this.of(txn).values()].includes('committed') ? 'committed' : 'aborted'; }
}

/**
 * Replays the trace event by event and fails at the first event that breaks a rule of the README:
 * a recorded decision never changes; no transaction is committed on one node and aborted on another;
 * a participant that voted yes leaves `prepared` only on a decision message carrying that outcome;
 * a vote yes, a decision message and the coordinator's answer to the client leave only once recorded.
 */
export function expectSafeTrace(cluster: Cluster): Records {
  const records = new Records();
  const trace = cluster.trace;
  for (let i = 0; i < trace.length; i++) {
    const e = trace[i];
    if (e.kind === 'store' && e.key.startsWith('txn/')) onStore(cluster, records, trace, e);
    // A send with fate 'crashed' is the record of a delivery dropped at its arrival, not a second send.
    if (e.kind === 'send' && e.fate !== 'crashed' && !e.msg.src.startsWith('c')) onSend(cluster, records, e.msg.src, e.msg.dest, e.msg.body, e.t);
  }
  return records;
}

function onStore(cluster: Cluster, records: Records, trace: readonly TraceEvent[], e: Extract<TraceEvent, { kind: 'store' }>): void {
  const txn = e.key.slice('txn/'.length);
  const value = e.value as { state?: unknown } | undefined;
  if (value !== undefined && (typeof value !== 'object' || value === null || !STATES.includes(String(value.state)))) {
    cluster.fail(`${e.node} stored ${e.key} without a valid state: the record of a transaction is an object whose "state" is prepared, committed or aborted`,
      { expected: { state: 'prepared | committed | aborted' }, received: value, at: e.t });
  }
  const before = records.get(txn, e.node);
  const after = value?.state as State | undefined;
  if (before === after) return;
  if (before === 'committed' || before === 'aborted') {
    cluster.fail(`${e.node} changed its recorded decision on ${txn} from ${before} to ${after ?? '(deleted)'}: a decision, once recorded, is final`, { at: e.t });
  }
  if (before === 'prepared' && e.node !== COORDINATOR) {
    const told = trace.some((d) => d.kind === 'deliver' && d.t === e.t && d.msg.dest === e.node && d.msg.body.type === 'decision' &&
      d.msg.body.txn === txn && d.msg.body.outcome === after);
    if (!told) {
      cluster.fail(`${e.node} voted yes on ${txn}, then decided ${after ?? '(deleted its record)'} alone: a participant that voted yes is in doubt and ` +
        'may only record the outcome a decision message brings it (from the coordinator or a peer that knows)', { at: e.t });
    }
  }
  records.set(txn, e.node, after);
  const states = [...records.of(txn).entries()];
  const committed = states.filter(([, s]) => s === 'committed').map(([n]) => n);
  const aborted = states.filter(([, s]) => s === 'aborted').map(([n]) => n);
  if (committed.length && aborted.length) {
    cluster.fail(`atomicity broken: ${txn} is committed on ${committed.join(', ')} and aborted on ${aborted.join(', ')}`,
      { received: Object.fromEntries(states), at: e.t });
  }
}

function onSend(cluster: Cluster, records: Records, src: NodeId, dest: NodeId, body: Body, t: number): void {
  const txn = String(body.txn);
  if (dest.startsWith('c') && body.type !== 'commit_ok' && body.type !== 'error') return;
  const recorded = records.get(txn, src);
  if (body.type === 'vote' && body.vote === 'yes' && recorded !== 'prepared' && recorded !== 'committed') {
    cluster.fail(`${src} voted yes on ${txn} before recording it prepared (storage txn/${txn} held ${recorded ?? 'nothing'}): ` +
      'a crash right after the vote would forget a promise the coordinator counts on', { at: t });
  }
  if (body.type === 'decision' && recorded !== body.outcome) {
    cluster.fail(`${src} sent a decision (${String(body.outcome)}) on ${txn} to ${dest} before recording it (storage txn/${txn} held ${recorded ?? 'nothing'}): ` +
      'a crash right after would leave others acting on a decision the sender forgot', { at: t });
  }
  if (dest.startsWith('c') && src === COORDINATOR) {
    const answered = body.type === 'commit_ok' ? 'committed' : body.type === 'error' && body.code === ABORT_CODE ? 'aborted' : undefined;
    const op = cluster.history.find((o) => o.client === dest && o.request.msg_id === body.in_reply_to && o.request.type === 'commit');
    const about = op && String(op.request.txn);
    if (answered && about && records.get(about, src) !== answered) {
      cluster.fail(`${src} told the client ${about} ${answered} before recording that decision (storage txn/${about} held ${records.get(about, src) ?? 'nothing'})`, { at: t });
    }
  }
}

/** The participants still in doubt (recorded prepared, no decision) about any transaction. */
export function inDoubt(records: Records): string[] {
  const out: string[] = [];
  for (const txn of records.txns()) for (const [node, s] of records.of(txn)) if (s === 'prepared') out.push(`${node} on ${txn}`);
  return out.sort();
}

/** Runs until no participant is in doubt, for at most `withinMs`; fails naming who still is. */
export async function awaitDecided(cluster: Cluster, withinMs: number, why: string): Promise<Records> {
  const start = cluster.now();
  for (;;) {
    const records = expectSafeTrace(cluster);
    const left = inDoubt(records);
    if (left.length === 0) return records;
    if (cluster.now() - start >= withinMs) {
      cluster.fail(`${why}, ${withinMs} ms later a participant that voted yes still has no decision (${left.join('; ')}): ` +
        `a participant in doubt must ask for the decision at least every ${ASK_MS} ms until it gets one`);
    }
    await cluster.runFor(50);
  }
}

/** The answer the client got to its commit must be the outcome every node recorded. */
export function expectClientOutcomes(cluster: Cluster, records: Records): void {
  for (const op of cluster.history) {
    if (op.request.type !== 'commit' || op.status !== 'ok') continue;
    const txn = String(op.request.txn);
    const said: Final | undefined = op.reply!.type === 'commit_ok' ? 'committed' : op.reply!.type === 'error' && op.reply!.code === ABORT_CODE ? 'aborted' : undefined;
    if (!said) cluster.fail(`${op.node} answered commit with neither commit_ok nor error ${ABORT_CODE}`, { received: op.reply, at: op.completedAt });
    if (said !== records.outcome(txn)) {
      cluster.fail(`the client was told ${txn} ${said}, but the nodes recorded it ${records.outcome(txn)}`, { received: Object.fromEntries(records.of(txn)), at: op.completedAt });
    }
  }
}

/** Reads every written key on its participant: the value if its transaction committed, null otherwise. */
export async function expectData(cluster: Cluster, txns: Txn[], records: Records): Promise<void> {
  for (const txn of txns) {
    const outcome = records.outcome(txn.id);
    for (const [node, writes] of Object.entries(txn.writes)) {
      if (!txn.participants.includes(node)) continue;
      for (const [key, value] of Object.entries(writes)) {
        // A participant that lost its writes in a crash before voting voted no: the transaction aborted.
        const expected = outcome === 'committed' ? value : null;
        const reply = expectReply(cluster, await cluster.call(node, { type: 'read', key }, { client: READER }), 'read_ok');
        if (reply.value !== expected) {
          cluster.fail(`${node} reads ${key} as ${JSON.stringify(reply.value)}, but ${txn.id} ${outcome}` +
            (outcome === 'committed' ? ': a committed transaction\'s writes must be applied, even by a participant that crashed after voting' : ': an aborted transaction must leave no trace'),
          { expected: { type: 'read_ok', value: expected }, received: reply });
        }
      }
    }
  }
}

/** After the faults: heal, restart, let every doubt resolve, then check every rule, the client's answers and the data. */
export async function expectSettledRun(cluster: Cluster, txns: Txn[]): Promise<void> {
  expectSafeTrace(cluster);
  const faults = cluster.trace.some((e) => e.kind === 'crash' || e.kind === 'partition' || e.kind === 'cut');
  cluster.recover();
  if (faults) cluster.note('network healed, crashed nodes restarted');
  const records = await awaitDecided(cluster, LEARN_MS + ASK_MS, faults ? 'after the network healed and every node restarted' : 'after the run');
  expectClientOutcomes(cluster, records);
  await expectData(cluster, txns, records);
}

/** Several transactions, each on random participants, for random-schedule stages. */
export function txnArbitrary(prefix: string, count: { min: number; max: number }, spanMs: number): fc.Arbitrary<ScenarioStep[]> {
  const one = fc.record({
    at: fc.integer({ min: 0, max: spanMs - 1 }),
    participants: fc.subarray(PARTICIPANTS, { minLength: 1 }),
    missing: fc.integer({ min: 0, max: 5 }), // 0: one participant gets no write and votes no
    values: fc.array(fc.integer({ min: 1, max: 999 }), { minLength: 4, maxLength: 4 }),
  });
  return fc.array(one, { minLength: count.min, maxLength: count.max }).map((list) => list.flatMap((t, i) => {
    let v = 0;
    const txn = txnOf(`${prefix}${i + 1}`, t.participants, () => t.values[v++ % t.values.length], t.missing === 0 ? [t.participants.at(-1)!] : []);
    return stepsOf(txn, t.at);
  }));
}

/** Moves virtual time 1 ms at a time until `done()` holds after an event, for at most `maxMs`; fails with `what` otherwise. */
export async function stepUntil(cluster: Cluster, done: () => boolean, maxMs: number, what: string): Promise<void> {
  const end = cluster.now() + maxMs;
  while (!done()) {
    if (cluster.now() >= end) cluster.fail(`${what} did not happen within ${maxMs} ms`);
    await cluster.runFor(1);
  }
}

/** True once every node of `nodes` has recorded `txn` in `state`. */
export function recorded(cluster: Cluster, txn: string, nodes: readonly NodeId[], state: State): boolean {
  const last = new Map<NodeId, unknown>();
  for (const e of cluster.trace) if (e.kind === 'store' && e.key === `txn/${txn}`) last.set(e.node, (e.value as { state?: unknown } | undefined)?.state);
  return nodes.every((n) => last.get(n) === state);
}

/** Each participant of `txn` with writes, read on one of its keys, must answer error 11: it is in doubt and says so. */
export async function expectSaysBlocked(cluster: Cluster, txn: Txn, nodes: readonly NodeId[]): Promise<void> {
  for (const node of nodes) {
    const key = Object.keys(txn.writes[node])[0];
    const op = await cluster.call(node, { type: 'read', key }, { client: READER });
    if (op.status !== 'ok' || op.reply!.type !== 'error' || op.reply!.code !== IN_DOUBT_CODE) {
      cluster.fail(`${node} is in doubt about ${txn.id} (prepared, no decision), yet a read of ${key}, which ${txn.id} writes, did not answer error ${IN_DOUBT_CODE}: ` +
        'a blocked participant must say so rather than guess a value', { expected: { type: 'error', code: IN_DOUBT_CODE }, received: op.reply ?? '(no reply)', at: op.completedAt });
    }
  }
}

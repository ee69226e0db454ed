// Helpers shared by the consistent-hash stages (not a stage itself).
import { expectMatch, expectThat, type CheckContext, type Program } from '../../../src/grader/api.js';
import { RingModel, ringHash, vnodeName } from './model.js';

/** Two nodes whose virtual nodes #0 have the same hash (2420451501): found by a birthday search. */
export const COLLIDING_AT_0 = { first: 'cache-11452', second: 'cache-75344', hash: 2420451501 } as const;
/** shard-19107#7 and shard-6733#4 have the same hash (647342840); by name, "shard-19107" < "shard-6733". */
export const COLLIDING_ACROSS = { first: 'shard-19107', firstIndex: 7, second: 'shard-6733', secondIndex: 4, hash: 647342840 } as const;

export const NATO = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliett', 'kilo', 'lima'];

/** The keys `${prefix}0` … `${prefix}${count - 1}` that the driver's owners and spread ops look up. */
export const keysOf = (prefix: string, count: number): string[] => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

const quoteList = (names: readonly string[]) => `[${names.map((n) => JSON.stringify(n)).join(', ')}]`;

/** The ring as "name#i@hash" in ring order, when it is short enough to read. */
export function describeRing(model: RingModel): string {
  const points = model.ring();
  if (points.length === 0) return 'the ring is empty';
  if (points.length > 16) return `${model.nodes().length} nodes × ${model.replicas} virtual nodes = ${points.length} points`;
  return `ring order: ${points.map((p) => `${vnodeName(p.node, p.index)}@${p.hash}`).join(', ')}`;
}

/** A ring driven through the wire beside the contract's model, with readable expectations. */
export class Ring {
  model = new RingModel(1);
  constructor(private readonly ctx: CheckContext) {}

  get program(): Program { return this.ctx.program; }

  async create(replicas: number): Promise<void> {
    this.model = new RingModel(replicas);
    await this.program.expect({ op: 'new', replicas }, { ok: true }, { message: 'the driver could not create the ring' });
  }

  async add(...nodes: string[]): Promise<void> {
    for (const node of nodes) {
      this.model.add(node);
      await this.program.expect({ op: 'add', node }, { ok: true }, { message: `add("${node}") must return normally` });
    }
  }

  async remove(...nodes: string[]): Promise<void> {
    for (const node of nodes) {
      this.model.remove(node);
      await this.program.expect({ op: 'remove', node }, { ok: true }, { message: `remove("${node}") must return normally` });
    }
  }

  async expectGet(key: string, why: string): Promise<void> {
    const node = this.model.get(key) ?? null;
    const reply = await this.program.call({ op: 'get', key });
    expectMatch(reply, { node }, `${why}: get("${key}") must return ${node === null ? 'no node (TypeScript undefined, Go "", false)' : `"${node}"`}. ${this.model.explain(key)}`);
  }

  async expectGetN(key: string, n: number, why: string): Promise<void> {
    const nodes = this.model.getN(key, n);
    const reply = await this.program.call({ op: 'getN', key, n });
    const got = reply.nodes;
    if (Array.isArray(got) && new Set(got).size !== got.length) {
      this.ctx.fail(`${why}: getN("${key}", ${n}) returned the same node twice; the walk skips virtual nodes of nodes already chosen, so the list holds distinct nodes`,
        { expected: nodes, received: got });
    }
    expectMatch(reply, { nodes }, `${why}: getN("${key}", ${n}) must return ${quoteList(nodes)}: walk clockwise from the first virtual node at or after the key's hash (${ringHash(key)}), wrapping, and take each node the first time it appears, until ${n} are chosen or the ring is walked once`);
  }

  /** The learner's owner of each key `${prefix}i` (null: none). */
  async owners(prefix: string, count: number): Promise<(string | null)[]> {
    const reply = await this.program.call({ op: 'owners', prefix, count });
    const nodes = reply.nodes as unknown;
    const owners = reply.owners as unknown;
    expectThat(Array.isArray(nodes) && Array.isArray(owners) && owners.length === count,
      `the driver must answer owners with ${count} entries (did get throw?)`, { received: reply });
    return (owners as number[]).map((i) => (i < 0 ? null : String((nodes as unknown[])[i])));
  }

  /** Fails at the first key whose owner differs from the contract's. */
  async expectOwners(prefix: string, count: number, why: string): Promise<(string | null)[]> {
    const got = await this.owners(prefix, count);
    const keys = keysOf(prefix, count);
    const wrong = keys.map((k, i) => ({ k, got: got[i], want: this.model.get(k) ?? null })).filter((x) => x.got !== x.want);
    if (wrong.length > 0) {
      const first = wrong[0];
      this.ctx.note(describeRing(this.model));
      this.ctx.fail(`${why}: ${wrong.length} of ${count} keys are on the wrong node. For example get("${first.k}") must be `
        + `${first.want === null ? 'no node' : `"${first.want}"`}: ${this.model.explain(first.k)}`, { expected: first.want, received: first.got });
    }
    return got;
  }

  /** How many of the keys `${prefix}i` each node owns, as the learner places them. */
  async spread(prefix: string, count: number): Promise<Record<string, number>> {
    const reply = await this.program.call({ op: 'spread', prefix, count });
    expectThat(reply.counts !== null && typeof reply.counts === 'object', 'the driver must answer spread with counts (did get throw?)', { received: reply });
    return reply.counts as Record<string, number>;
  }
}

/** A key, searched deterministically, whose hash satisfies `test` (e.g. above every virtual node). */
export function findKey(prefix: string, test: (hash: number) => boolean, skip = 0): string {
  let found = 0;
  for (let i = 0; i < 1_000_000; i++) {
    const key = `${prefix}${i}`;
    if (test(ringHash(key)) && found++ === skip) return key;
  }
  throw new Error(`no key ${prefix}… satisfies the test`);
}

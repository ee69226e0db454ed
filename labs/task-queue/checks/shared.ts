// Shared helpers of the task-queue checks (not a stage): a client for one queue, and clock-judged waits.
import { expectThat, serviceOf, type CheckContext, type HttpReply, type ServiceClient } from '../../../src/grader/api.js';

/** lab.yaml `service.env`: the values the server was started with. */
export const VISIBILITY_TIMEOUT_MS = 2000;
export const MAX_ATTEMPTS = 4;
export const BACKOFF_BASE_MS = 200;
/** A lease long enough never to end within a check. */
export const LONG_MS = 60_000;
/**
 * The server and the grader read the same clock, each rounding to the millisecond: a few ms of slack
 * keep a rounding from reading as early or late. A broken server misses by hundreds of ms.
 */
export const SLACK_MS = 5;
/** How often a wait for a job asks again. */
const POLL_MS = 25;

export const ID = /^[A-Za-z0-9_-]{1,64}$/;

export interface Leased { id: string; payload: unknown; priority: number; attempt: number; lease: string }
/** A request's send and answer times (grader clock): the server acted somewhere in between. */
export interface Timed { sentAt: number; answeredAt: number }

/** A queue name no other check uses. */
export function queueName(ctx: CheckContext, tag: string): string {
  return `${tag}-${ctx.random.int(0, 2 ** 31).toString(36)}`;
}

/** Equal as JSON values: object keys in any order (a Go map re-encodes them sorted). */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'undefined';
}

export function describeReply(reply: HttpReply): string {
  return `${reply.status}${reply.body ? ` ${reply.body.slice(0, 200)}` : ''}`;
}

/** One queue of the learner's server, as a producer and a worker use it. */
export class QueueClient {
  readonly svc: ServiceClient;
  constructor(readonly ctx: CheckContext, readonly name: string) { this.svc = serviceOf(ctx); }

  private path(rest: string): string { return `/queues/${this.name}${rest}`; }

  async timed<T>(run: () => Promise<T>): Promise<T & Timed> {
    const sentAt = Date.now();
    const value = await run();
    return Object.assign(value as object, { sentAt, answeredAt: Date.now() }) as T & Timed;
  }

  post(rest: string, body?: unknown): Promise<HttpReply> {
    return this.svc.request('POST', this.path(rest), body === undefined ? {} : { body });
  }

  /** An enqueue that must create a job: 201 with a valid id. */
  async enqueue(body: Record<string, unknown>, why = 'a valid enqueue creates a job'): Promise<{ id: string } & Timed> {
    return this.timed(async () => {
      const reply = await this.post('/jobs', body);
      expectThat(reply.status === 201, `${why}: POST ${this.path('/jobs')} must answer 201`, { expected: 201, received: describeReply(reply) });
      const id = (reply.json as { id?: unknown } | undefined)?.id;
      expectThat(typeof id === 'string' && ID.test(id), 'the 201 answer is JSON {"id": string}, the id matching ^[A-Za-z0-9_-]{1,64}$', { expected: '{"id": "…"}', received: reply.body.slice(0, 200) });
      return { id };
    });
  }

  /** A lease: the job (200) or undefined (204); anything else fails the check. */
  async lease(body: Record<string, unknown> = {}): Promise<{ job?: Leased } & Timed> {
    return this.timed(async () => {
      const reply = await this.post('/lease', body);
      expectThat(reply.status === 200 || reply.status === 204, `POST ${this.path('/lease')} answers 200 with a job or 204 when none is ready`, { expected: '200 or 204', received: describeReply(reply) });
      if (reply.status === 204) return {};
      const j = reply.json as Partial<Leased> | undefined;
      const ok = j !== undefined && typeof j.id === 'string' && 'payload' in j && Number.isInteger(j.priority) && Number.isInteger(j.attempt) && typeof j.lease === 'string' && j.lease !== '';
      expectThat(ok, 'a lease answers {"id": string, "payload": …, "priority": integer, "attempt": integer, "lease": non-empty string}', { received: reply.body.slice(0, 300) });
      return { job: j as Leased };
    });
  }

  async expectJob(why: string, body: Record<string, unknown> = {}): Promise<Leased & Timed> {
    const r = await this.lease(body);
    expectThat(r.job !== undefined, `${why}: the lease must return a job`, { expected: 200, received: 204 });
    return { ...r.job, sentAt: r.sentAt, answeredAt: r.answeredAt };
  }

  async expectNone(why: string): Promise<void> {
    const r = await this.lease({ visibilityMs: LONG_MS });
    expectThat(r.job === undefined, `${why}: the lease must answer 204`, { expected: 204, received: r.job && `200 ${JSON.stringify(r.job)}` });
  }

  settle(action: 'ack' | 'nack', id: string, body: unknown): Promise<HttpReply> {
    return this.post(`/jobs/${id}/${action}`, body);
  }

  /** An ack or nack that must answer `status`. */
  async expectSettle(action: 'ack' | 'nack', job: { id: string; lease: string }, status: number, why: string): Promise<Timed> {
    return this.timed(async () => {
      const reply = await this.settle(action, job.id, { lease: job.lease });
      expectThat(reply.status === status, `${why}: ${action} must answer ${status}`, { expected: status, received: describeReply(reply) });
      return {};
    });
  }

  async dead(): Promise<{ id: string; payload: unknown; attempts: number }[]> {
    const reply = await this.svc.request('GET', this.path('/dead'));
    const jobs = (reply.json as { jobs?: unknown } | undefined)?.jobs;
    expectThat(reply.status === 200 && Array.isArray(jobs), `GET ${this.path('/dead')} answers 200 {"jobs": [...]}`, { received: describeReply(reply) });
    return jobs as { id: string; payload: unknown; attempts: number }[];
  }

  /** Lets real time pass until the grader's clock reads `at` (a bound that has surely passed on the server too). */
  async until(at: number): Promise<void> {
    const wait = at - Date.now();
    if (wait > 0) await this.svc.pause(wait);
  }

  /**
   * Waits for a job that becomes ready at a moment known only within bounds: a lease answered before
   * `notBefore` must not return it, and a lease sent after `surelyBy` must. Polls in between.
   */
  async awaitReady(what: string, notBefore: number, surelyBy: number, body: Record<string, unknown> = { visibilityMs: LONG_MS }): Promise<Leased & Timed> {
    for (;;) {
      const r = await this.lease(body);
      if (r.job) {
        expectThat(r.answeredAt >= notBefore - SLACK_MS, `${what}: it was delivered ${notBefore - r.answeredAt} ms too early`, { expected: `no lease of it answered before ${new Date(notBefore).toISOString()}`, received: `delivered at ${new Date(r.answeredAt).toISOString()}` });
        return { ...r.job, sentAt: r.sentAt, answeredAt: r.answeredAt };
      }
      expectThat(r.sentAt <= surelyBy, `${what}: it must be ready by now, but a lease sent ${r.sentAt - surelyBy + SLACK_MS} ms after that moment answered 204`, { expected: 'the job', received: 204 });
      await this.until(Math.min(Date.now() + POLL_MS, surelyBy + SLACK_MS));
    }
  }
}

/** Backoff after the n-th failed attempt (1-based), as the contract's formula gives it. */
export function backoffMs(n: number): number {
  return BACKOFF_BASE_MS * 2 ** (n - 1);
}

/** A payload distinct per job, of varied JSON kinds. */
export function payloadFor(i: number, tag: string): unknown {
  const kinds: unknown[] = [
    { tag, i, nested: { list: [1, 2, { deep: true }], text: 'été ☃' } },
    [tag, i, null, false],
    `${tag}-${i}`,
    i * 1000 + 0.5,
    { tag, i, empty: {}, none: null },
  ];
  return kinds[i % kinds.length];
}

/**
 * Two jobs, A then B, that die in the order B, A: three rounds of expired leases each, then B's fourth
 * lease expires (B is dead and listed), then A's fourth delivery is nacked. Returns the queue and their ids.
 * Leases start at 150 ms; a machine so slow that A's lease may have ended before B's lease was served
 * (which makes the order unjudgeable) gets a new queue with leases twice as long.
 */
export async function killTwo(ctx: CheckContext, tag: string, payloads: [unknown, unknown]): Promise<{ q: QueueClient; a: string; b: string }> {
  for (let visibilityMs = 150; ; visibilityMs *= 2) {
    const q = new QueueClient(ctx, queueName(ctx, tag));
    const ids = await killTwoWith(q, payloads, visibilityMs);
    if (ids) return { q, ...ids };
    ctx.note(`a ${visibilityMs} ms lease may have ended before the next lease was served: again with ${visibilityMs * 2} ms leases`);
  }
}

async function killTwoWith(q: QueueClient, payloads: [unknown, unknown], visibilityMs: number): Promise<{ a: string; b: string } | undefined> {
  const a = (await q.enqueue({ payload: payloads[0] })).id;
  const b = (await q.enqueue({ payload: payloads[1] })).id;
  let surely = 0;
  for (let round = 1; round <= MAX_ATTEMPTS; round++) {
    await q.until(surely);
    const last = round === MAX_ATTEMPTS;
    const la = await q.expectJob(`round ${round}: A is ready again (an expired lease makes a job ready at once)`, { visibilityMs: last ? LONG_MS : visibilityMs });
    const lb = await q.expectJob(`round ${round}: B is ready again too`, { visibilityMs });
    const judged = last || lb.answeredAt < la.sentAt + visibilityMs - SLACK_MS;
    if (!judged && visibilityMs < 2400) return undefined;
    expectThat(la.id === a && lb.id === b && la.attempt === round && lb.attempt === round, `round ${round}: A then B (enqueue order, kept when they come back), each with attempt ${round}`, { expected: [{ id: a, attempt: round }, { id: b, attempt: round }], received: [{ id: la.id, attempt: la.attempt }, { id: lb.id, attempt: lb.attempt }] });
    surely = lb.answeredAt + visibilityMs + SLACK_MS;
    if (last) {
      await q.until(surely);
      const dead = await q.dead();
      expectThat(dead.length === 1 && dead[0].id === b && dead[0].attempts === MAX_ATTEMPTS && sameJson(dead[0].payload, payloads[1]), `B's ${MAX_ATTEMPTS}th lease expired: B is dead (an expired lease is a failed attempt) and the dead list shows it alone`, { expected: [{ id: b, payload: payloads[1], attempts: MAX_ATTEMPTS }], received: dead });
      await q.expectSettle('nack', la, 204, `A's ${MAX_ATTEMPTS}th delivery is nacked while its lease holds`);
    }
  }
  return { a, b };
}

export async function expectDeadAB(q: QueueClient, ids: { a: string; b: string }, payloads: [unknown, unknown], why: string): Promise<void> {
  const dead = await q.dead();
  const expected = [{ id: ids.b, payload: payloads[1], attempts: MAX_ATTEMPTS }, { id: ids.a, payload: payloads[0], attempts: MAX_ATTEMPTS }];
  expectThat(sameJson(dead.map((d) => ({ id: d.id, payload: d.payload, attempts: d.attempts })), expected), `${why}: the dead list holds B then A (the order they died), each with its payload and ${MAX_ATTEMPTS} attempts`, { expected, received: dead });
}

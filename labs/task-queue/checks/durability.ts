import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defineStage, expectThat, type CheckContext } from '../../../src/grader/api.js';
import { describeReply, expectDeadAB, killTwo, LONG_MS, payloadFor, QueueClient, queueName, sameJson, SLACK_MS, type Leased, type Timed } from './shared.js';

interface Sent { id: string; payload: unknown; priority: number }

/** Enqueues `count` jobs, `parallel` at a time, with varied payloads and priorities. */
async function enqueueMany(ctx: CheckContext, q: QueueClient, count: number, tag: string, parallel = 6): Promise<Sent[]> {
  const out: Sent[] = [];
  for (let i = 0; i < count; i += parallel) {
    out.push(...await Promise.all(Array.from({ length: Math.min(parallel, count - i) }, async (_, j) => {
      const payload = payloadFor(i + j, tag);
      const priority = ctx.random.int(0, 3);
      return { id: (await q.enqueue({ payload, priority })).id, payload, priority };
    })));
  }
  return out;
}

/**
 * Leases until every expected job has been delivered (they may come at once, or when a lease from before
 * the crash would have ended, by `surelyBy`): each exactly once, with its payload and priority, and no
 * job outside `expected` (an acked one) ever.
 */
async function collect(q: QueueClient, expected: Map<string, Sent>, surelyBy: number, why: string, delayed?: { job: Sent; notBefore: number }): Promise<(Leased & Timed)[]> {
  const got = new Map<string, Leased & Timed>();
  for (;;) {
    const r = await q.lease({ visibilityMs: LONG_MS });
    if (r.job && r.job.id === delayed?.job.id) {
      // The delayed job may fall due while the others are collected: it must not be early.
      expectThat(r.answeredAt >= delayed.notBefore - SLACK_MS, `${why}: the delayed job was delivered ${delayed.notBefore - r.answeredAt} ms before its ready time (a delay is a moment, unchanged by a restart)`, { received: r.job });
      got.set(r.job.id, { ...r.job, sentAt: r.sentAt, answeredAt: r.answeredAt });
      continue;
    }
    if (r.job) {
      const want = expected.get(r.job.id);
      expectThat(want !== undefined, `${why}: the lease returned ${r.job.id}, which is not a job waiting to be done (acked before the crash, or never answered 201)`, { expected: [...expected.keys()].filter((id) => !got.has(id)), received: r.job });
      expectThat(!got.has(r.job.id), `${why}: ${r.job.id} was delivered twice with its lease still running`, { received: r.job });
      expectThat(sameJson(r.job.payload, want.payload) && r.job.priority === want.priority, `${why}: job ${r.job.id} keeps its payload and priority`, { expected: want, received: r.job });
      got.set(r.job.id, { ...r.job, sentAt: r.sentAt, answeredAt: r.answeredAt });
      if ([...expected.keys()].every((id) => got.has(id))) return [...got.values()];
      continue;
    }
    const missing = [...expected.keys()].filter((id) => !got.has(id));
    expectThat(r.sentAt <= surelyBy, `${why}: ${missing.length} job(s) answered 201 and never acked are gone`, { expected: missing, received: `${got.size} of ${expected.size} delivered, then 204` });
    await q.until(Math.min(Date.now() + 50, surelyBy + SLACK_MS));
  }
}

export const stage = defineStage({
  id: 'durability',
  checks: [
    {
      id: 'jobs-survive-crash',
      title: 'After a SIGKILL: every 201 job is back, acked ones never, keys still known, delays unchanged, ids never reused',
      async run(ctx) {
        const q = new QueueClient(ctx, queueName(ctx, 'crash'));
        const jobs = await enqueueMany(ctx, q, 24, 'crash');
        const key = `once-${ctx.random.int(0, 1e9)}`;
        const keyed = await q.enqueue({ payload: 'keyed', idempotencyKey: key });
        jobs.push({ id: keyed.id, payload: 'keyed', priority: 0 });
        const delay = 2500;
        const delayed = await q.enqueue({ payload: 'delayed', delayMs: delay, priority: 9 });
        const held = [];
        for (let i = 0; i < 8; i++) held.push(await q.expectJob(`job ${i + 1} of 8 leased before the crash`, { visibilityMs: 1000 }));
        for (const job of held.slice(0, 5)) await q.expectSettle('ack', job, 204, 'an ack before the crash');
        ctx.note('5 of the 8 leased jobs are acked; 3 stay leased (1000 ms leases) when the server is killed');
        await q.svc.restart({ crash: true });
        const acked = new Set(held.slice(0, 5).map((j) => j.id));
        const reply = await q.post('/jobs', { payload: 'keyed again', idempotencyKey: key });
        expectThat(reply.status === 200 && (reply.json as { id?: unknown } | undefined)?.id === keyed.id, 'an idempotency key used before the crash still answers 200 with its job', { expected: `200 {"id":"${keyed.id}"}`, received: describeReply(reply) });
        const fresh = await q.enqueue({ payload: 'after the crash' }, 'an enqueue after the restart');
        const old = new Set([...jobs.map((j) => j.id), delayed.id]);
        expectThat(!old.has(fresh.id), `a new job's id must never repeat an old one: ${fresh.id} was given before the crash`, { received: fresh.id });
        const expected = new Map(jobs.filter((j) => !acked.has(j.id)).map((j) => [j.id, j]));
        expected.set(fresh.id, { id: fresh.id, payload: 'after the crash', priority: 0 });
        const surelyBy = Math.max(...held.map((j) => j.answeredAt)) + 1000 + SLACK_MS;
        const got = await collect(q, expected, surelyBy, 'after the crash', { job: { id: delayed.id, payload: 'delayed', priority: 9 }, notBefore: delayed.sentAt + delay });
        if (got.some((j) => j.id === delayed.id)) return;
        const due = await q.awaitReady(`the job delayed by ${delay} ms before the crash (its ready time is a moment, unchanged by the restart)`, delayed.sentAt + delay, delayed.answeredAt + delay + SLACK_MS);
        expectThat(due.id === delayed.id, 'the delayed job comes when due', { expected: delayed.id, received: due.id });
      },
    },
    {
      id: 'dead-survive-crash',
      title: 'Dead jobs stay dead across a crash: still listed in order, never leased',
      async run(ctx) {
        const payloads: [unknown, unknown] = [{ job: 'A' }, { job: 'B' }];
        const { q, ...ids } = await killTwo(ctx, 'crash-dead', payloads);
        await q.svc.restart({ crash: true });
        await expectDeadAB(q, ids, payloads, 'after a crash right after the nack that killed A');
        await q.expectNone('dead jobs are never leased again, after a crash too');
      },
    },
    {
      id: 'torn-last-line',
      title: 'A torn last line of queue.log is skipped on start, and records appended after it survive the next start',
      async run(ctx) {
        const q = new QueueClient(ctx, queueName(ctx, 'torn'));
        const before = await enqueueMany(ctx, q, 10, 'torn');
        const acked = [await q.expectJob('job 1 is ready', { visibilityMs: LONG_MS }), await q.expectJob('job 2 is ready', { visibilityMs: LONG_MS })];
        for (const job of acked) await q.expectSettle('ack', job, 204, 'an ack before the crash');
        let fragment = '';
        await q.svc.restart({
          crash: true,
          async whileStopped(dataDir) {
            const file = join(dataDir, 'queue.log');
            const text = await readFile(file, 'utf8').catch(() => undefined);
            expectThat(text !== undefined, 'the contract keeps the queue in DATA_DIR/queue.log, but there is no such file');
            expectThat(text.endsWith('\n'), 'every line of queue.log ends with \\n: the last answer was given, so its record must be complete', { received: JSON.stringify(text.slice(-120)) });
            const last = text.slice(0, -1).split('\n').pop() ?? '';
            fragment = last.slice(0, Math.floor(last.length / 2));
            await appendFile(file, fragment);
          },
        });
        ctx.note(`appended the first half of queue.log's last line, without its \\n, while the server was down: ${JSON.stringify(fragment.slice(0, 80))}`);
        const after = await enqueueMany(ctx, q, 5, 'torn-after', 1);
        await q.svc.restart({ crash: true });
        const ackedIds = new Set(acked.map((j) => j.id));
        const expected = new Map([...before.filter((j) => !ackedIds.has(j.id)), ...after].map((j) => [j.id, j]));
        await collect(q, expected, Date.now(), 'after a torn last line, 5 enqueues and another crash (a record glued onto the fragment is lost)');
        await q.expectNone('every job was leased');
      },
    },
  ],
});

import { CheckFailure, defineStage, expectThat, GraderProblem, serviceOf, type CheckContext, type HttpReply } from '../../../src/grader/api.js';
import { awaitOutOfRotation, BACKEND_TIMEOUT_MS, countsOf, delta, describe, echo, expectOwnError, HEALTH_INTERVAL_MS, HEALTH_SETTLE_MS, helpersLate, NAMES, restoreAll, timed } from './shared.js';

/** Statuses of one sequential request per backend (round-robin visits each once), and the attempts they cost. */
async function roundOf(ctx: CheckContext, method: string, headers: Record<string, string>, timeoutMs?: number): Promise<{ statuses: number[]; attempts: number; perBackend: Record<string, number>; replies: string[]; raw: HttpReply[] }> {
  const before = await countsOf(ctx);
  const statuses: number[] = [];
  const replies: string[] = [];
  const raw: HttpReply[] = [];
  for (let i = 0; i < NAMES.length; i++) {
    const reply = await serviceOf(ctx).request(method, `/failover/${i}`, { headers, ...(method === 'POST' || method === 'PUT' ? { body: `payload ${i}` } : {}), timeoutMs });
    statuses.push(reply.status);
    replies.push(describe(reply));
    raw.push(reply);
  }
  const perBackend = delta(before, await countsOf(ctx));
  return { statuses, attempts: NAMES.reduce((n, name) => n + perBackend[name], 0), perBackend, replies, raw };
}

/** Every 502 of a round is the balancer's own, with its JSON body. */
function expect502s(r: { raw: HttpReply[] }, why: string): void {
  for (const reply of r.raw.filter((x) => x.status === 502)) expectOwnError(reply, 502, why);
}

function count(statuses: number[], status: number): number {
  return statuses.filter((s) => s === status).length;
}

export const stage = defineStage({
  id: 'failover',
  checks: [
    {
      id: 'get-retried',
      title: 'A GET or HEAD whose connection is reset before any answer is retried once on the next healthy backend',
      async run(ctx) {
        for (const method of ['GET', 'HEAD']) {
          ctx.note(`backend-2 resets the connection of every ${method} carrying x-reset-on: backend-2 (its health check still passes)`);
          // The round starts on backend-1's turn, so only its second request is backend-2's.
          for (let i = 0; i < NAMES.length && (await echo(ctx, 'GET', `/align/${method}/${i}`)).backend !== NAMES[2]; i++);
          const r = await roundOf(ctx, method, { 'x-reset-on': 'backend-2' });
          expectThat(count(r.statuses, 200) === NAMES.length, `a ${method} that fails to connect (refused, or reset before any byte of the answer) must be retried once on another healthy backend, so all ${NAMES.length} succeed`, { expected: r.statuses.map(() => 200).join(', '), received: r.replies.join(' | ') });
          expectThat(r.perBackend[NAMES[1]] === 1 && r.attempts === NAMES.length + 1,
            `each backend counts the requests it received: the ${method} on backend-2's turn must reach backend-2 once (no second attempt there: in Go, http.Transport silently resends a GET or HEAD whose kept-alive connection broke, unless told not to) and then backend-3 once, beside backend-1's and backend-3's own turns`,
            { expected: `backend-2: 1, ${NAMES.length + 1} in all`, received: r.perBackend });
        }
      },
    },
    {
      id: 'retry-keeps-the-cursor',
      title: 'A retry does not move the round-robin cursor: the request after it goes to the backend after the one that failed',
      async run(ctx) {
        ctx.note('plain GETs until one is answered by backend-1, so the next request is backend-2\'s turn');
        for (let i = 0; i < NAMES.length && (await echo(ctx, 'GET', `/turn/${i}`)).backend !== NAMES[0]; i++);
        for (const round of [1, 2]) {
          ctx.note(`round ${round}: a GET on backend-2's turn is reset by backend-2 and retried on backend-3; then a plain GET`);
          const retried = await echo(ctx, 'GET', `/retry/${round}`, { headers: { 'x-reset-on': NAMES[1] } }, 'a GET reset by backend-2 must be retried once on the next healthy backend');
          expectThat(retried.backend === NAMES[2], 'the GET on backend-2\'s turn, reset there, must be retried on the next healthy backend after it, backend-3', { expected: NAMES[2], received: retried.backend });
          const next = await echo(ctx, 'GET', `/after-retry/${round}`);
          expectThat(next.backend === NAMES[2],
            'the request after a retried one goes to the backend after the one the cursor picked (backend-2), which is backend-3: the retry does not move the round-robin cursor (picking the retry\'s backend through the cursor skips backend-3\'s turn)',
            { expected: NAMES[2], received: next.backend });
          ctx.note('then backend-1 again, so the next request is backend-2\'s turn once more');
          expectThat((await echo(ctx, 'GET', `/turn-again/${round}`)).backend === NAMES[0], 'round-robin goes on from backend-3 to backend-1', { expected: NAMES[0] });
        }
      },
    },
    {
      id: 'retried-only-once',
      title: 'The retry goes to the next healthy backend after the failed one, and there is only one (then 502)',
      async run(ctx) {
        ctx.note('backend-1 and backend-2 reset every GET carrying x-reset-on: backend-1,backend-2; backend-3 answers');
        const r = await roundOf(ctx, 'GET', { 'x-reset-on': 'backend-1,backend-2' });
        expectThat(count(r.statuses, 502) === 1 && count(r.statuses, 200) === 2, 'the GET first sent to backend-1 is retried on backend-2 (the next healthy one), fails again and is answered 502; the one first sent to backend-2 is retried on backend-3 and succeeds; the one sent to backend-3 succeeds', { expected: 'two 200 and one 502, in some order', received: r.replies.join(' | ') });
        expect502s(r, 'a GET that failed to connect twice is answered 502 Bad Gateway');
      },
    },
    {
      id: 'others-not-retried',
      title: 'POST, PUT and DELETE are never retried: a failed connection answers 502',
      async run(ctx) {
        for (const method of ['POST', 'PUT', 'DELETE']) {
          ctx.note(`backend-2 resets the connection of every ${method} carrying x-reset-on: backend-2`);
          const r = await roundOf(ctx, method, { 'x-reset-on': 'backend-2' });
          expectThat(count(r.statuses, 502) === 1 && count(r.statuses, 200) === NAMES.length - 1, `a ${method} may have had effects on the backend before the connection broke, so it must not be retried: the one sent to backend-2 answers 502`, { expected: 'one 502, the others 200', received: r.replies.join(' | ') });
          expectThat(r.attempts === NAMES.length, `${NAMES.length} ${method}s, no retry`, { expected: NAMES.length, received: r.attempts });
          expect502s(r, `a ${method} that failed to connect is answered 502 Bad Gateway`);
        }
      },
    },
    {
      id: 'answers-not-retried',
      title: 'A backend\'s own error answer (500) is returned as is, not retried',
      async run(ctx) {
        const r = await roundOf(ctx, 'GET', { 'x-echo-status': '500' });
        expectThat(count(r.statuses, 500) === NAMES.length, 'a backend that answered, even with 500, has answered: its answer is returned unchanged', { expected: '500, 500, 500', received: r.replies.join(' | ') });
        expectThat(r.attempts === NAMES.length, 'an answer is never retried', { expected: NAMES.length, received: r.attempts });
      },
    },
    {
      id: 'backend-timeout',
      title: `A backend that accepts the request but never answers costs at most BACKEND_TIMEOUT_MS (${BACKEND_TIMEOUT_MS} ms): 504, not retried`,
      async run(ctx) {
        ctx.note('backend-2 holds every GET carrying x-hang-on: backend-2 without answering (its health check still passes)');
        const before = await countsOf(ctx);
        const seen: string[] = [];
        let slow = 0;
        for (let i = 0; i < NAMES.length; i++) {
          const { reply, ms } = await timed(ctx, 'GET', `/timeout/${i}`, { headers: { 'x-hang-on': 'backend-2' }, timeoutMs: BACKEND_TIMEOUT_MS + 2000 });
          seen.push(`${describe(reply)} after ${ms} ms`);
          if (reply.status === 504) {
            slow++;
            expectOwnError(reply, 504, 'a backend that has not answered in time is answered 504 Gateway Timeout');
            expectThat(ms < BACKEND_TIMEOUT_MS + 700, `the balancer must give up on a backend that has not answered within BACKEND_TIMEOUT_MS (${BACKEND_TIMEOUT_MS} ms)`, { expected: `504 within about ${BACKEND_TIMEOUT_MS} ms`, received: `504 after ${ms} ms` });
          } else {
            expectThat(reply.status === 200, 'the requests sent to backend-1 and backend-3 are answered', { expected: 200, received: describe(reply) });
          }
        }
        expectThat(slow === 1, `the request sent to backend-2 must answer 504 Gateway Timeout after BACKEND_TIMEOUT_MS (${BACKEND_TIMEOUT_MS} ms): a timeout is not a failure to connect, so it is not retried`, { expected: 'one 504, two 200', received: seen.join(' | ') });
        const got = delta(before, await countsOf(ctx));
        expectThat(NAMES.reduce((n, name) => n + got[name], 0) === NAMES.length, 'the timed-out GET is not retried', { expected: NAMES.length, received: got });
      },
    },
    {
      id: 'killed-under-load',
      title: 'A backend killed while autocannon runs costs under 1% of the requests, and none after the next health check',
      async run(ctx) {
        for (let attempt = 1; ; attempt++) {
          await helpersLate(ctx); // a new period for the grader's backends' stall measure
          try {
            await killUnderLoad(ctx);
            return;
          } catch (error) {
            // The grader's own backends answering health checks late take healthy backends out: that
            // attempt judged the machine, not the balancer. Try again, and never charge it to the learner.
            const late = error instanceof CheckFailure ? await helpersLate(ctx) : undefined;
            if (!late) throw error;
            if (attempt === KILL_ATTEMPTS) throw new GraderProblem(`the machine was too busy to judge a backend killed under load: in each of ${KILL_ATTEMPTS} attempts ${late}`);
            ctx.note(`that attempt does not count: ${late}; again`);
            await restoreAll(ctx);
          }
        }
      },
    },
  ],
});

/** Requests of a load test that went wrong: no answer, or a status other than the ones expected. */
function failedIn(stats: { errors: number; unexpected: Record<string, number> }): number {
  return stats.errors + Object.values(stats.unexpected).reduce((a, b) => a + b, 0);
}

/** Attempts of the killed-under-load check that a busy machine may spoil before the check gives up judging. */
const KILL_ATTEMPTS = 3;

async function killUnderLoad(ctx: CheckContext): Promise<void> {
  const svc = serviceOf(ctx);
  ctx.note('autocannon: GETs on 16 connections for 2 s; backend-2 is stopped (connections cut, new ones refused) 300 ms in');
  const during = svc.loadTest({ requests: [{ method: 'GET', path: '/load?a=1' }, { method: 'GET', path: '/load?a=2' }], connections: 16, durationSeconds: 2 });
  await svc.pause(300);
  await svc.helper('backend').stop(1);
  const stoppedAt = Date.now();
  const r = await during;
  const sent = r.completed + r.errors;
  const failed = failedIn(r);
  expectThat(sent > 0 && failed * 100 < sent, `fewer than 1% of the GETs may fail when a backend dies under load: the GETs cut or refused by backend-2 are retried on the next healthy backend, and backend-2 leaves the rotation at its next health check (every ${HEALTH_INTERVAL_MS} ms)`,
    { expected: `fewer than ${Math.ceil(sent / 100)} failed of ${sent}`, received: { failed, noAnswer: r.errors, unexpected: r.unexpected } });
  await awaitOutOfRotation(ctx, [NAMES[1]], stoppedAt);
  ctx.note('backend-2 has left the rotation, or has been down for 5 health intervals: POSTs (never retried) must all succeed now');
  const after = await svc.loadTest({ requests: [{ method: 'POST', path: '/load', body: '{"n":1}', headers: { 'content-type': 'application/json' } }], connections: 8, durationSeconds: 1 });
  const afterFailed = failedIn(after);
  expectThat(after.completed > 0 && afterFailed === 0, 'after the next health check no request may go to the dead backend: even POSTs, which are not retried, must all succeed',
    { expected: 'every POST answered 200', received: { answered: after.completed, noAnswer: after.errors, unexpected: after.unexpected } });
  await restoreAll(ctx);
}

// How the checks steer the origin helper (checks/origin.ts) through its /_control/ routes, not a stage.
// Every call is bounded (and cancelled with the stage); what changes the origin's behaviour is noted in
// the transcript.
import { serviceOf, type CheckContext } from '../../../src/grader/api.js';
import type { Failure, LoggedRequest, ResourceSpec } from './origin.js';

export type { LoggedRequest, ResourceSpec };

/** Bound on one control call that does not wait on purpose. */
const CONTROL_TIMEOUT_MS = 5000;

export class OriginControl {
  private constructor(private readonly ctx: CheckContext, private readonly url: string) {}

  static of(ctx: CheckContext): OriginControl {
    return new OriginControl(ctx, serviceOf(ctx).helper('origin').urls[0]);
  }

  /** Defines (or changes) the resource at `path`; returns its version. */
  async define(path: string, spec: ResourceSpec): Promise<number> {
    const { version } = await this.call('/_control/resource', { path, ...spec }) as { version: number };
    const headers = Object.entries(spec.headers ?? {}).map(([k, v]) => `${k}: ${v}`);
    const validators = [...(spec.etag ? ['an ETag'] : []), ...(spec.lastModified ? ['a Last-Modified'] : [])];
    this.ctx.note(`origin: ${path} is version ${version}${headers.length ? `, sent with ${headers.join('; ')}` : ', sent with no caching headers'}${validators.length ? ` and ${validators.join(' and ')}` : ''}`);
    return version;
  }

  /** Every request the origin got for these paths, in order. */
  async log(paths: string[]): Promise<Record<string, LoggedRequest[]>> {
    return (await this.call('/_control/log', { paths }) as { log: Record<string, LoggedRequest[]> }).log;
  }

  async requests(path: string): Promise<LoggedRequest[]> {
    return (await this.log([path]))[path];
  }

  async count(path: string): Promise<number> {
    return (await this.requests(path)).length;
  }

  async slow(path: string, latencyMs: number): Promise<void> {
    await this.call('/_control/mode', { path, latencyMs });
    this.ctx.note(`origin: answers ${path} after ${latencyMs} ms`);
  }

  /** null: works again (hanging answers are cut). */
  async fail(path: string, failure: Failure | null): Promise<void> {
    await this.call('/_control/mode', { path, failure });
    this.ctx.note(`origin: ${failure === 'error' ? `answers ${path} with 500` : failure === 'hang' ? `never answers ${path}` : `answers ${path} normally again`}`);
  }

  /** Requests for `path` wait (unanswered) until `release`. */
  async hold(path: string): Promise<void> {
    await this.call('/_control/mode', { path, hold: true });
    this.ctx.note(`origin: holds every request for ${path} unanswered`);
  }

  async release(path: string): Promise<void> {
    const { released } = await this.call('/_control/mode', { path, hold: false }) as { released: number };
    this.ctx.note(`origin: answers the ${released} held request(s) for ${path}`);
  }

  /** Waits until `path` has had `requests` requests in all; false on timeout. */
  async await(path: string, requests: number, timeoutMs: number): Promise<boolean> {
    const { status } = await this.raw('/_control/await', { path, requests, timeoutMs }, timeoutMs + CONTROL_TIMEOUT_MS);
    return status === 200;
  }

  /** Back to normal: no latency, no failure, held requests answered. Resources and logs stay. */
  async reset(): Promise<void> {
    await this.call('/_control/reset', {});
  }

  private async call(path: string, body: unknown): Promise<unknown> {
    const { status, json } = await this.raw(path, body, CONTROL_TIMEOUT_MS);
    if (status !== 200) throw new Error(`the cdn-edge origin helper answered ${status} to POST ${path}`);
    return json;
  }

  private async raw(path: string, body: unknown, timeoutMs: number): Promise<{ status: number; json: unknown }> {
    const signal = AbortSignal.any([this.ctx.signal, AbortSignal.timeout(timeoutMs)]);
    const res = await fetch(`${this.url}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' }, signal });
    return { status: res.status, json: await res.json() as unknown };
  }
}

import { appendFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CheckFailure, ProgramFault, type Step } from '../check-failure.js';
import type { HelperSet } from './helpers.js';
import { describeReply, describeRequest, HttpError, sendLoad, sendRequest } from './http-client.js';
import type { ServiceInstance } from './instance.js';
import { runLoad } from '../../bench/run.js';
import type { BenchStats } from '../../bench/stats.js';
import { encodeLoadRequest } from './benchmark.js';
import type { BenchmarkOptions, HelperControl, HttpReply, HttpRequestOptions, LoadResult, LoadSpec, LoadTestSpec, RestartOptions, ServiceClient } from './types.js';

/**
 * `ctx.service`: the learner's server as checks see it. Every exchange is recorded in the transcript of the
 * check being run (the stage runner swaps `steps` per check); a server that stops answering is the
 * program's fault, said in one sentence.
 */
export class ServiceClientImpl implements ServiceClient {
  /** The transcript, shared with the views of the other instances (`on`). */
  private readonly record: { steps: Step[] };
  private readonly instance: ServiceInstance;

  constructor(
    private readonly instances: ServiceInstance[],
    private readonly helpers: HelperSet,
    private readonly replyTimeoutMs: number,
    private readonly signal: AbortSignal,
    private readonly runBenchmark: (options: BenchmarkOptions) => Promise<void>,
    private readonly index = 0,
    record?: { steps: Step[] },
  ) {
    this.record = record ?? { steps: [] };
    this.instance = instances[index];
  }

  get steps(): Step[] { return this.record.steps; }
  set steps(steps: Step[]) { this.record.steps = steps; }

  get baseUrl(): string { return this.instance.baseUrl; }

  get instanceCount(): number { return this.instances.length; }

  on(index: number): ServiceClient {
    if (!Number.isInteger(index) || index < 0 || index >= this.instances.length) {
      throw new Error(`there are ${this.instances.length} instances of the server (lab.yaml service.instances); there is no index ${index}`);
    }
    return new ServiceClientImpl(this.instances, this.helpers, this.replyTimeoutMs, this.signal, this.runBenchmark, index, this.record);
  }

  /** Which instance a step went to, when there are several. */
  private label(text: string): string {
    return this.instances.length > 1 ? `[instance ${this.index}] ${text}` : text;
  }

  async request(method: string, path: string, options: HttpRequestOptions = {}): Promise<HttpReply> {
    const step: Step = { kind: 'http', request: this.label(describeRequest(method, path, options.body)) };
    this.steps.push(step);
    try {
      const reply = await sendRequest(this.baseUrl, method, path, { ...options, timeoutMs: options.timeoutMs ?? this.replyTimeoutMs, signal: this.signal });
      step.reply = describeReply(reply);
      return reply;
    } catch (error) {
      throw this.fault(error, step.request);
    }
  }

  async load(spec: LoadSpec): Promise<LoadResult> {
    const what = spec.requests.length === 1 ? describeRequest(spec.requests[0].method, spec.requests[0].path, spec.requests[0].body) : `${spec.requests.length} kinds of request`;
    const step: Step = { kind: 'http', request: this.label(`${spec.total} × ${what}, ${spec.concurrency} at a time`) };
    this.steps.push(step);
    const result = await sendLoad(this.baseUrl, spec, this.replyTimeoutMs, this.signal);
    const answers = Object.entries(result.statuses).map(([status, n]) => `${status} ×${n}`);
    if (result.errors) answers.push(`no answer ×${result.errors} (${result.firstError})`);
    step.reply = `${answers.join(', ') || 'nothing'} in ${result.durationMs} ms`;
    if (!this.instance.alive) throw this.fault(new HttpError('stopped during the burst'), step.request);
    return result;
  }

  async loadTest(spec: LoadTestSpec): Promise<BenchStats> {
    const step: Step = { kind: 'http', request: this.label(`autocannon: ${spec.connections} connections for ${spec.durationSeconds} s over ${spec.requests.length} kind(s) of request`) };
    this.steps.push(step);
    const stats = await runLoad({
      url: this.baseUrl, connections: spec.connections, durationSeconds: spec.durationSeconds, pipelining: 1,
      timeoutSeconds: Math.max(1, Math.ceil(this.replyTimeoutMs / 1000)), requests: spec.requests.map(encodeLoadRequest), expectStatus: spec.expectStatus ?? [200],
    }, { signal: this.signal });
    const unexpected = Object.entries(stats.unexpected).map(([status, n]) => `${status} ×${n}`);
    step.reply = `${stats.completed} answers (${Math.round(stats.requestsPerSecond)}/s), ${stats.errors} without an answer${unexpected.length ? `, unexpected ${unexpected.join(', ')}` : ''}; p99 ${stats.latency.p99} ms`;
    if (!this.instance.alive) throw this.fault(new HttpError('stopped during the load test'), step.request);
    return stats;
  }

  async restart(options: RestartOptions = {}): Promise<void> {
    this.steps.push({ kind: 'note', text: this.label(options.crash
      ? 'crashed your server (SIGKILL) and started it again with the same DATA_DIR'
      : 'stopped your server gracefully (SIGTERM, waited for it to exit) and started it again with the same DATA_DIR') });
    await this.instance.stop(options.crash ? 'crash' : 'graceful');
    await options.whileStopped?.(this.instance.dataDir);
    if (options.tear) await this.tear(options.tear);
    await this.instance.start();
  }

  private async tear({ files, fragment }: NonNullable<RestartOptions['tear']>): Promise<void> {
    const dir = this.instance.dataDir;
    const names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile() && files.test(e.name)).map((e) => e.name).sort();
    if (names.length === 0) throw new CheckFailure(`DATA_DIR holds no file matching ${files} after links were created: the contract says where links are kept`, {});
    for (const name of names) await appendFile(join(dir, name), fragment);
    this.steps.push({ kind: 'note', text: `tore the last record of ${names.join(', ')} as a crash mid-write would: appended ${JSON.stringify(fragment)} with no newline` });
  }

  helper(name: string): HelperControl {
    return this.helpers.control(name);
  }

  async pause(ms: number): Promise<void> {
    this.steps.push({ kind: 'note', text: `waited ${ms} ms` });
    await sleep(ms, undefined, { signal: this.signal });
  }

  helperStallMs(): Promise<number> {
    return this.helpers.stallMs();
  }

  benchmark(options: BenchmarkOptions = {}): Promise<void> {
    return this.runBenchmark(options);
  }

  /** An exchange that failed: the server's exit explains it best, otherwise what the socket saw. */
  private fault(error: unknown, request: string): ProgramFault {
    if (error instanceof ProgramFault) return error;
    const exit = this.instance.exitReason();
    if (exit) return new ProgramFault(`${exit} (during ${request})`, this.instance.output.get());
    const why = error instanceof Error ? error.message : String(error);
    return new ProgramFault(`${request}: your server ${why}`);
  }
}

import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { LoadedLab } from '../../catalog/catalog.js';
import type { HelperDef } from '../../catalog/schema/lab.js';
import { importLabModule } from '../lab-modules.js';
import { BUILTIN_HELPERS } from '../helpers/backend.js';
import type { HelperControl, HelperDefinition, HelperFailure } from './types.js';

/**
 * One helper instance: an HTTP server in the grader's process whose answers the checks can slow down or
 * break, and which they can stop and start again on the same port.
 */
class HelperInstance {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  delayMs = 0;
  failure: HelperFailure | null = null;
  served = 0;
  port = 0;

  constructor(private readonly name: string, private readonly index: number, private readonly behaviour: HelperDefinition) {}

  get url(): string { return `http://127.0.0.1:${this.port}`; }

  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => void this.serve(req, res));
    server.on('connection', (socket) => { this.sockets.add(socket); socket.on('close', () => this.sockets.delete(socket)); });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => { server.off('error', reject); resolve(); });
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async serve(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): Promise<void> {
    this.served++;
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs).unref());
    if (this.failure === 'hang') return; // held until the helper stops
    if (this.failure === 'reset') { req.socket.destroy(); return; }
    if (this.failure === 'status-500') { req.resume(); res.writeHead(500, { 'content-type': 'text/plain' }).end('injected failure'); return; }
    try {
      await this.behaviour.handle(req, res, { name: this.name, index: this.index });
    } catch {
      if (!res.headersSent) res.writeHead(500).end('helper error');
    }
  }
}

/** The helpers one server (learner's or reference) runs against: started before it, stopped after it. */
export class HelperSet {
  private readonly helpers = new Map<string, { def: HelperDef; instances: HelperInstance[] }>();

  static async open(lab: LoadedLab): Promise<HelperSet> {
    const set = new HelperSet();
    try {
      for (const [name, def] of Object.entries(lab.service?.helpers ?? {})) {
        const behaviour = await loadBehaviour(lab, name, def);
        const instances = Array.from({ length: def.count }, (_, i) => new HelperInstance(name, i, behaviour));
        set.helpers.set(name, { def, instances });
        for (const instance of instances) await instance.start();
      }
    } catch (error) {
      await set.close();
      throw error;
    }
    return set;
  }

  /** The variables that tell the learner's program where the helpers are. */
  env(): Record<string, string> {
    const env: Record<string, string> = {};
    for (const { def, instances } of this.helpers.values()) if (def.env) env[def.env] = instances.map((i) => i.url).join(',');
    return env;
  }

  has(name: string): boolean {
    return this.helpers.has(name);
  }

  control(name: string): HelperControl {
    const entry = this.helpers.get(name);
    if (!entry) throw new Error(`no helper "${name}" in lab.yaml service.helpers (known: ${[...this.helpers.keys()].join(', ') || 'none'})`);
    const pick = (index?: number) => {
      if (index === undefined) return entry.instances;
      const one = entry.instances[index];
      if (!one) throw new Error(`helper ${name} has ${entry.instances.length} instances; there is no index ${index}`);
      return [one];
    };
    return {
      name,
      urls: entry.instances.map((i) => i.url),
      stop: async (index) => { await Promise.all(pick(index).map((i) => i.stop())); },
      start: async (index) => { for (const i of pick(index)) await i.start(); },
      slow: (ms, index) => { for (const i of pick(index)) i.delayMs = ms; },
      fail: (mode, index) => { for (const i of pick(index)) i.failure = mode; },
      requests: (index) => pick(index).reduce((n, i) => n + i.served, 0),
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.helpers.values()].flatMap((h) => h.instances.map((i) => i.stop())));
  }
}

async function loadBehaviour(lab: LoadedLab, name: string, def: HelperDef): Promise<HelperDefinition> {
  if (def.builtin) return BUILTIN_HELPERS[def.builtin];
  const { path: file, module } = await importLabModule(lab.dir, def.module!) as { path: string; module: { helper?: HelperDefinition } };
  if (!module.helper || typeof module.helper.handle !== 'function') {
    throw new Error(`${file} (helper ${name} of ${lab.id}) does not export \`helper = defineHelper({ handle })\``);
  }
  return module.helper;
}

import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { pathToFileURL } from 'node:url';
import { BUILTIN_HELPERS } from '../helpers/backend.js';
import type { HelperDefinition, HelperFailure } from './types.js';

/**
 * One helper instance: an HTTP server (in the helpers' worker thread) whose answers the checks can slow
 * down or break, and which they can stop and start again on the same port.
 */
export class HelperInstance {
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
    if (this.failure === 'status-204') { req.resume(); res.writeHead(204).end(); return; }
    if (this.failure === 'status-301') { req.resume(); res.writeHead(301, { location: '/elsewhere' }).end(); return; }
    try {
      await this.behaviour.handle(req, res, { name: this.name, index: this.index });
    } catch {
      if (!res.headersSent) res.writeHead(500).end('helper error');
    }
  }
}

/** A helper's behaviour: a generic one of src/grader/helpers/, or the `helper` a lab module exports. */
export async function loadBehaviour(spec: HelperSpec): Promise<HelperDefinition> {
  if (spec.builtin) return BUILTIN_HELPERS[spec.builtin];
  const module = await import(pathToFileURL(spec.module!).href) as { helper?: HelperDefinition };
  if (!module.helper || typeof module.helper.handle !== 'function') {
    throw new Error(`${spec.module} (helper ${spec.name} of ${spec.lab}) does not export \`helper = defineHelper({ handle })\``);
  }
  return module.helper;
}

/** What the worker needs to run one helper: where its behaviour comes from and how many instances. */
export interface HelperSpec { lab: string; name: string; count: number; builtin?: 'backend'; module?: string }

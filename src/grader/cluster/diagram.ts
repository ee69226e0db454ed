import type { Message, NodeId, TraceEvent } from './types.js';

/** Rows beyond this are summarised: faults, client operations and notes are kept before node-to-node traffic. */
export const MAX_ROWS = 70;
const MINOR_ROWS = 8;
const CELL = 3;
const CLIENTS = 'c*';
const CLIENT_ID = /^c\d+$/;

/** 1: faults, client operations, messages lost or cut, notes; 2: other node traffic; 3: timers, inits, probes. */
type Priority = 1 | 2 | 3;
interface Row { t: number; line: string; label: string; priority: Priority; kind: string }

/**
 * A run as a message-sequence diagram for the terminal: a lifeline per client and node, one row per event
 * (an arrow per message, labelled with its type; marks for timers, crashes, restarts, partitions and notes).
 * A long run keeps every fault, client operation and note, plus the traffic closest to the end, and says what
 * it left out.
 */
export function renderDiagram(nodeIds: readonly NodeId[], trace: readonly TraceEvent[]): string[] {
  // All clients share one lifeline (each request has a client of its own); the labels name them.
  const hasClients = trace.some((e) => e.kind === 'invoke');
  const columns = [...(hasClients ? [CLIENTS] : []), ...nodeIds];
  const index = new Map(columns.map((c, i) => [c, i]));
  const col = (id: NodeId) => index.get(CLIENT_ID.test(id) ? CLIENTS : id);
  const down = new Set<NodeId>();
  const rows: Row[] = [];
  const probes = new Set<string>();
  const lifelines = (): string[] => columns.map((c) => (down.has(c) ? '╎' : '│'));
  const draw = (cells: string[]) => cells.map((c) => c.padEnd(CELL)).join('').trimEnd();
  const mark = (node: NodeId, symbol: string) => { const cells = lifelines(); cells[col(node)!] = symbol; return draw(cells); };
  const arrow = (msg: Message, head: string) => drawArrow(lifelines(), col(msg.src), col(msg.dest), head);
  for (const e of trace) {
    switch (e.kind) {
      case 'init': rows.push({ t: e.t, line: mark(e.node, '●'), label: `${e.node} starts`, priority: 3, kind: 'init' }); break;
      case 'crash': down.add(e.node); rows.push({ t: e.t, line: mark(e.node, '✖'), label: `${e.node} crashes`, priority: 1, kind: 'crash' }); break;
      case 'restart': down.delete(e.node); rows.push({ t: e.t, line: mark(e.node, '↻'), label: `${e.node} restarts (storage kept)`, priority: 1, kind: 'restart' }); break;
      case 'timer': rows.push({ t: e.t, line: mark(e.node, '◆'), label: `${e.node} timer ${e.name}`, priority: 3, kind: `timer ${e.name}` }); break;
      case 'send': {
        if (CLIENT_ID.test(e.msg.src)) break; // a client's request is drawn at its invocation
        const toClient = CLIENT_ID.test(e.msg.dest);
        if (toClient && probes.has(`${e.msg.dest} ${String(e.msg.body.in_reply_to)}`)) {
          rows.push({ t: e.t, line: arrow(e.msg, ''), label: `${e.msg.src}→${e.msg.dest} ${bodyText(e.msg.body)} (probe)`, priority: 3, kind: 'probe' });
          break;
        }
        const fate = e.fate === 'sent' ? (e.copies ? ` (×${e.copies})` : '') : ` ✕ ${e.fate === 'crashed' ? 'dropped: node down' : e.fate}`;
        rows.push({
          t: e.t, line: arrow(e.msg, e.fate === 'sent' ? '' : '✕'), priority: toClient || e.fate !== 'sent' ? 1 : 2,
          label: `${e.msg.src}→${e.msg.dest} ${toClient ? bodyText(e.msg.body) : String(e.msg.body.type)}${fate}`, kind: String(e.msg.body.type),
        });
        break;
      }
      case 'invoke':
        if (e.probe) probes.add(`${e.client} ${String(e.body.msg_id)}`);
        rows.push({
          t: e.t, line: arrow({ src: e.client, dest: e.node, body: e.body }, ''), label: `${e.client}→${e.node} ${bodyText(e.body)}${e.probe ? ' (probe)' : ''}`,
          priority: e.probe ? 3 : 1, kind: e.probe ? 'probe' : 'request',
        });
        break;
      case 'timeout':
        rows.push({ t: e.t, line: mark(e.client, '⌛'), label: `${e.client} gave up waiting for ${e.node} (${String(e.body.type)})`, priority: e.probe ? 3 : 1, kind: 'timeout' });
        break;
      case 'partition':
        rows.push({ t: e.t, line: '┄'.repeat(columns.length * CELL - 2), label: `partition ${e.groups.map((g) => g.join(',')).join(' | ')}`, priority: 1, kind: 'fault' });
        break;
      case 'cut':
        rows.push({ t: e.t, line: '┄'.repeat(columns.length * CELL - 2), label: `cut ${e.from.join(',')} → ${e.to.join(',')}`, priority: 1, kind: 'fault' });
        break;
      case 'heal':
        rows.push({ t: e.t, line: '┄'.repeat(columns.length * CELL - 2), label: 'network healed', priority: 1, kind: 'fault' });
        break;
      case 'note':
        rows.push({ t: e.t, line: draw(lifelines()), label: e.text, priority: 1, kind: 'note' });
        break;
      default: // deliveries, completions, storage writes and logs are implied by the rows above
    }
  }
  // The last round of probes is the evidence a convergence failure shows: keep it with the important rows.
  let lastProbes = 2 * nodeIds.length;
  for (let i = rows.length - 1; i >= 0 && lastProbes > 0; i--) if (rows[i].kind === 'probe') { rows[i].priority = 1; lastProbes--; }
  const width = Math.max(5, ...rows.map((r) => String(r.t).length));
  const header = `${'ms'.padStart(width)}  ${draw(columns.map((c) => c))}`;
  return [header, ...select(rows).map((r) => (typeof r === 'string' ? `${''.padStart(width)}  ${r}` : `${String(r.t).padStart(width)}  ${r.line.padEnd(columns.length * CELL)} ${r.label}`))];
}

function drawArrow(cells: string[], from: number | undefined, to: number | undefined, head: string): string {
  if (from === undefined || to === undefined) return cells.map((c) => c.padEnd(CELL)).join('');
  const chars = cells.map((c) => c.padEnd(CELL)).join('').split('');
  if (from === to) { chars[from * CELL] = '↺'; return chars.join(''); }
  const [a, b] = from < to ? [from * CELL, to * CELL] : [to * CELL, from * CELL];
  for (let i = a + 1; i < b; i++) chars[i] = '─';
  if (from < to) { chars[a] = '├'; chars[b - 1] = head || '▶'; } else { chars[b] = '┤'; chars[a + 1] = head || '◀'; }
  return chars.join('');
}

/** At most MAX_ROWS rows, by priority and, within one, the latest first; what is left out is summarised. */
function select(rows: Row[]): (Row | string)[] {
  if (rows.length <= MAX_ROWS) return rows; // short runs are shown whole
  const keep = new Set<number>();
  for (const priority of [1, 2, 3]) {
    // Timers, inits and probes only pad a diagram: a few of the latest at most.
    const limit = priority === 3 ? Math.min(MAX_ROWS, keep.size + MINOR_ROWS) : MAX_ROWS;
    for (let i = rows.length - 1; i >= 0 && keep.size < limit; i--) if (rows[i].priority === priority) keep.add(i);
  }
  const out: (Row | string)[] = [];
  let skipped: Row[] = [];
  const flush = () => {
    if (!skipped.length) return;
    const kinds = new Map<string, number>();
    for (const r of skipped) kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + 1);
    const top = [...kinds].sort((x, y) => y[1] - x[1]).slice(0, 4).map(([k, n]) => `${k} ×${n}`).join(', ');
    out.push(`┆ ${skipped.length} more event${skipped.length === 1 ? '' : 's'} from ${skipped[0].t} to ${skipped[skipped.length - 1].t} ms (${top}${kinds.size > 4 ? ', …' : ''})`);
    skipped = [];
  };
  rows.forEach((r, i) => { if (keep.has(i)) { flush(); out.push(r); } else skipped.push(r); });
  flush();
  return out;
}

function bodyText(body: Record<string, unknown>): string {
  const { msg_id: _id, in_reply_to: _re, ...rest } = body;
  const text = JSON.stringify(rest);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

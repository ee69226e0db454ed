import type { Message, NodeId, TraceEvent } from './types.js';

/** Rows beyond this are summarised: faults, client operations and notes are kept before node-to-node traffic. */
export const MAX_ROWS = 70;
const CELL = 3;

interface Row { t: number; line: string; label: string; important: boolean; kind: string }

/**
 * A run as a message-sequence diagram for the terminal: a lifeline per client and node, one row per event
 * (an arrow per message, labelled with its type; marks for timers, crashes, restarts, partitions and notes).
 * A long run keeps every fault, client operation and note, plus the traffic closest to the end, and says what
 * it left out.
 */
export function renderDiagram(nodeIds: readonly NodeId[], trace: readonly TraceEvent[]): string[] {
  const clients = [...new Set(trace.flatMap((e) => (e.kind === 'invoke' ? [e.client] : [])))].sort(byNumber);
  const columns = [...clients, ...nodeIds];
  const index = new Map(columns.map((c, i) => [c, i]));
  const down = new Set<NodeId>();
  const rows: Row[] = [];
  const lifelines = (): string[] => columns.map((c) => (down.has(c) ? '╎' : '│'));
  const draw = (cells: string[]) => cells.map((c) => c.padEnd(CELL)).join('').trimEnd();
  const mark = (node: NodeId, symbol: string) => { const cells = lifelines(); cells[index.get(node)!] = symbol; return draw(cells); };
  const arrow = (msg: Message, head: string) => drawArrow(lifelines(), index.get(msg.src), index.get(msg.dest), head);
  for (const e of trace) {
    switch (e.kind) {
      case 'init': rows.push({ t: e.t, line: mark(e.node, '●'), label: `${e.node} starts`, important: false, kind: 'init' }); break;
      case 'crash': down.add(e.node); rows.push({ t: e.t, line: mark(e.node, '✖'), label: `${e.node} crashes`, important: true, kind: 'crash' }); break;
      case 'restart': down.delete(e.node); rows.push({ t: e.t, line: mark(e.node, '↻'), label: `${e.node} restarts (storage kept)`, important: true, kind: 'restart' }); break;
      case 'timer': rows.push({ t: e.t, line: mark(e.node, '◆'), label: `${e.node} timer ${e.name}`, important: false, kind: `timer ${e.name}` }); break;
      case 'send': {
        if (e.msg.src.startsWith('c')) break; // a client's request is drawn at its invocation
        const toClient = index.has(e.msg.dest) && e.msg.dest.startsWith('c');
        const fate = e.fate === 'sent' ? (e.copies ? ` (×${e.copies})` : '') : ` ✕ ${e.fate === 'crashed' ? 'dropped: node down' : e.fate}`;
        rows.push({
          t: e.t, line: arrow(e.msg, e.fate === 'sent' ? '' : '✕'), important: toClient,
          label: `${e.msg.src}→${e.msg.dest} ${String(e.msg.body.type)}${toClient ? ` ${bodyText(e.msg.body)}` : ''}${fate}`, kind: String(e.msg.body.type),
        });
        break;
      }
      case 'invoke':
        rows.push({ t: e.t, line: arrow({ src: e.client, dest: e.node, body: e.body }, ''), label: `${e.client}→${e.node} ${bodyText(e.body)}`, important: true, kind: 'request' });
        break;
      case 'timeout':
        rows.push({ t: e.t, line: mark(e.client, '⌛'), label: `${e.client} gave up waiting for ${e.node} (${String(e.body.type)})`, important: true, kind: 'timeout' });
        break;
      case 'partition':
        rows.push({ t: e.t, line: '┄'.repeat(columns.length * CELL - 2), label: `partition ${e.groups.map((g) => g.join(',')).join(' | ')}`, important: true, kind: 'fault' });
        break;
      case 'cut':
        rows.push({ t: e.t, line: '┄'.repeat(columns.length * CELL - 2), label: `cut ${e.from.join(',')} → ${e.to.join(',')}`, important: true, kind: 'fault' });
        break;
      case 'heal':
        rows.push({ t: e.t, line: '┄'.repeat(columns.length * CELL - 2), label: 'network healed', important: true, kind: 'fault' });
        break;
      case 'note':
        rows.push({ t: e.t, line: draw(lifelines()), label: e.text, important: true, kind: 'note' });
        break;
      default: // deliveries, completions, storage writes and logs are implied by the rows above
    }
  }
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

/** At most MAX_ROWS rows: every important one (the latest, if even those are too many), then the latest others. */
function select(rows: Row[]): (Row | string)[] {
  if (rows.length <= MAX_ROWS) return rows;
  const keep = new Set<number>();
  const important = rows.map((r, i) => (r.important ? i : -1)).filter((i) => i >= 0);
  for (const i of important.slice(-MAX_ROWS + 10)) keep.add(i);
  for (let i = rows.length - 1; i >= 0 && keep.size < MAX_ROWS; i--) keep.add(i);
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

function byNumber(a: string, b: string): number {
  return Number(a.slice(1)) - Number(b.slice(1));
}

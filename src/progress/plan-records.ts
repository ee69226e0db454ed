import type { ProgressStore } from './store.js';

/** A tick by hand: kept apart from ticks earned by results, and shown as such. */
export function setManualTick(store: ProgressStore, item: { id: string; title: string }, checked: boolean, now: Date) {
  return store.update((p) => {
    const at = now.toISOString();
    const before = p.plan.manual[item.id]?.checked === true;
    if (before === checked) return;
    // An uncheck is kept as `checked: false` so a merge with an older store cannot bring the tick back.
    p.plan.manual[item.id] = { checked, at, source: 'cli' };
    p.activity.push({
      at, kind: checked ? 'plan-check' : 'plan-uncheck',
      summary: `${checked ? 'ticked' : 'unticked'} by hand: ${item.title}`, data: { item: item.id },
    });
  });
}

export function recordNote(store: ProgressStore, text: string, now: Date) {
  return store.update((p) => {
    p.activity.push({ at: now.toISOString(), kind: 'note', summary: text, data: {} });
  });
}

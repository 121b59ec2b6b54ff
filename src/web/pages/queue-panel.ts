/**
 * The phase page's panel for a distributed sweep (`candor serve --queue redis://HOST:PORT`, see
 * docs/cluster.md): progress across machines (trials done, rate, ETA), the coordinator, the jobs
 * and the workers alive, read from GET /api/queue every 2 s while the panel is on the page. It
 * stays hidden when the server follows no queue; a Redis that does not answer is said in the
 * panel, not in the page's error banner (the lab itself works on).
 */
import { errorMessage, h } from '../ui.ts';

interface Worker {
  label: string;
  version: string;
  concurrency: number;
  active: number;
  jobs: number;
  tasks: number;
}
interface Status {
  configured: boolean;
  url?: string;
  queue?: string;
  sweep?: { id: string; name: string; kind: string; version: string; total: number; batch: number } | null;
  progress?: { done: number; total: number; rate: number; eta: number | null; updatedAt: string } | null;
  coordinator?: { host: string; pid: number } | null;
  jobs?: { waiting: number; active: number; delayed: number; failed: number };
  workers?: Worker[];
  backlog?: number;
}

const POLL_MS = 2000;

function eta(s: number | null): string {
  if (s === null || !Number.isFinite(s)) return '?';
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

function render(s: Status): Node[] {
  const head = h('h3', {}, `Distributed sweep: queue ${s.queue} on ${s.url}`);
  const workers = s.workers ?? [];
  const threads = workers.reduce((a, w) => a + w.concurrency, 0);
  const alive = h('p', { class: 'status', id: 'queue-workers' }, `workers alive: ${workers.length} (${threads} thread${threads === 1 ? '' : 's'})`);
  const j = s.jobs ?? { waiting: 0, active: 0, delayed: 0, failed: 0 };
  const jobs = h('p', { class: 'status', id: 'queue-jobs' }, `jobs: ${j.waiting} waiting, ${j.active} running, ${j.failed} failed; ${s.backlog ?? 0} finished jobs' results not yet collected`);
  const table = h(
    'table',
    { class: 'metrics', id: 'queue-worker-table' },
    h('tr', {}, h('th', {}, 'worker'), h('th', {}, 'busy'), h('th', {}, 'trials done'), h('th', {}, 'version')),
    ...workers.map((w) => h('tr', {}, h('td', {}, w.label), h('td', {}, `${w.active}/${w.concurrency}`), h('td', {}, String(w.tasks)), h('td', {}, w.version))),
  );
  if (!s.sweep) return [head, h('p', { class: 'status', id: 'queue-progress' }, 'no sweep on the queue'), jobs, alive, table];
  const p = s.progress;
  const done = p?.done ?? 0;
  const total = p?.total ?? s.sweep.total;
  const bar = h('progress', { id: 'queue-bar', max: String(total), value: String(done) });
  const text = p
    ? `${done}/${total} trials (${((100 * done) / Math.max(total, 1)).toFixed(1)}%), ${p.rate.toFixed(1)} trials/s, ETA ${s.coordinator ? eta(p.eta) : '? (no coordinator)'}`
    : `?/${total} trials (no progress published yet)`;
  return [
    head,
    h('p', {}, `sweep ${s.sweep.id} (${s.sweep.name}, ${s.sweep.kind}), candor ${s.sweep.version}`),
    bar,
    h('p', { class: 'status', id: 'queue-progress' }, text),
    h('p', { class: 'status', id: 'queue-coordinator' }, s.coordinator ? `coordinator: ${s.coordinator.host} pid ${s.coordinator.pid}` : 'coordinator: none alive (run the sweep again to collect)'),
    jobs,
    alive,
    table,
  ];
}

export function queuePanel(): HTMLElement {
  const panel = h('div', { class: 'card', id: 'queue-panel', style: 'margin-top: 1rem' });
  panel.hidden = true;
  const poll = async () => {
    try {
      const r = await fetch('/api/queue');
      const body = (await r.json()) as Status & { error?: { message: string } };
      if (!r.ok) throw new Error(body.error?.message ?? `queue status: ${r.status}`);
      if (!body.configured) return; // no queue: the panel stays hidden and stops asking
      panel.replaceChildren(...render(body));
      panel.dataset.state = body.sweep ? 'sweep' : 'idle';
    } catch (e) {
      panel.replaceChildren(h('h3', {}, 'Distributed sweep'), h('p', { class: 'status', id: 'queue-progress' }, errorMessage(e)));
      panel.dataset.state = 'error';
    }
    panel.hidden = false;
    // polls while the panel is on the page (the router replaces the page on navigation)
    setTimeout(() => {
      if (panel.isConnected) void poll();
    }, POLL_MS);
  };
  setTimeout(() => void poll(), 0);
  return panel;
}

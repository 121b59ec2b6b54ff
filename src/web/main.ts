/** The web lab's entry: a hash router over the pages. */
import { showError } from './ui.ts';

/** A page mounts itself into the element and may return a function that unmounts it. */
type Page = { mount: (el: HTMLElement) => unknown };
const pages: Record<string, () => Promise<Page>> = {
  phase: () => import('./pages/phase.ts'),
  mri: () => import('./pages/mri.ts'),
  planner: () => import('./pages/planner.ts'),
  seismic: () => import('./pages/seismic.ts'),
  radio: () => import('./pages/radio.ts'),
};

let unmount: (() => void) | undefined;

async function route(): Promise<void> {
  const name = location.hash.replace(/^#\//, '') || 'phase';
  const key = name in pages ? name : 'phase';
  for (const a of document.querySelectorAll('nav a')) a.classList.toggle('active', a.getAttribute('data-page') === key);
  showError(null);
  if (unmount) unmount();
  const el = document.getElementById('page')!;
  el.replaceChildren();
  const page = await pages[key]();
  const u = page.mount(el);
  unmount = typeof u === 'function' ? (u as () => void) : undefined;
  document.body.dataset.page = key;
}

window.addEventListener('hashchange', () => void route());
void route();

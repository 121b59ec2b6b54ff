/**
 * The web lab's entry: a hash router over the pages. The hash is `#/<page>?<settings>`: the page
 * reads its settings from the query (./share.ts) and keeps it in step with its form.
 */
import { webReceipt } from './receipt.ts';
import { registerReceiptBuilder, urlPage } from './share.ts';
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
let current = '';

async function route(): Promise<void> {
  const name = urlPage() || 'phase';
  const key = name in pages ? name : 'phase';
  // a settings change rewrites the hash with replaceState (no hashchange); a real navigation
  // to the same page with other settings remounts it
  for (const a of document.querySelectorAll('nav a')) {
    a.classList.toggle('active', a.getAttribute('data-page') === key);
    if (a.getAttribute('data-page') === key) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  showError(null);
  if (unmount) unmount();
  const el = document.getElementById('page')!;
  el.replaceChildren();
  current = key;
  const page = await pages[key]();
  if (current !== key) return;
  const u = page.mount(el);
  unmount = typeof u === 'function' ? (u as () => void) : undefined;
  document.body.dataset.page = key;
  document.title = `Candor lab: ${document.querySelector(`nav a[data-page="${key}"]`)?.textContent ?? key}`;
}

registerReceiptBuilder(webReceipt);
window.addEventListener('hashchange', () => void route());
void route();

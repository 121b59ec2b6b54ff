/** MRI lab (filled in when the MRI application lands). */
import { h } from '../ui.ts';

export function mount(el: HTMLElement): void {
  el.append(h('h2', {}, 'MRI lab'), h('p', { class: 'status' }, 'The MRI lab is being built.'));
}

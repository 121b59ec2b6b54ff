import { writeFileSync } from 'node:fs';
import { lookup3, writeHdf5 } from '../src/io/hdf5-writer.ts';
console.log('lookup3 empty', lookup3(new Uint8Array(0)).toString(16), 'four score', lookup3(new TextEncoder().encode('Four score and seven years ago')).toString(16));
const bytes = writeHdf5({
  groups: {
    g: {
      datasets: {
        x: { type: { kind: 'float', size: 8 }, shape: [3], values: [1, 2, 3] },
        s: { type: { kind: 'vlen-string' }, shape: [1], values: ['<hello/>'] },
        c: {
          type: { kind: 'compound', members: [{ name: 'a', type: { kind: 'int', size: 2, signed: false } }, { name: 'arr', type: { kind: 'array', base: { kind: 'float', size: 4 }, dims: [3] } }, { name: 'v', type: { kind: 'vlen', base: { kind: 'float', size: 4 } } }] },
          shape: [2],
          values: [{ a: 7, arr: [1, 2, 3], v: [0.5, 1.5] }, { a: 9, arr: [4, 5, 6], v: [] }],
        },
      },
    },
  },
});
writeFileSync('/tmp/par/t.h5', bytes);
console.log('bytes', bytes.length);

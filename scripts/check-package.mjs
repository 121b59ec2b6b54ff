// The package as a user gets it (issue 20): `npm pack` (which builds), the tarball's size and
// contents (no tests, fixtures, benchmarks or sources), then in a fresh folder outside the
// repository `npm install <tarball>`, the README's library example run with `import ... from
// 'candor'` (its output must equal the same example run from the sources), the same example in
// TypeScript type-checked against the shipped types (`tsc --noEmit`, no skipLibCheck), the subpath
// entries imported, and the installed `candor` command. Exits 1 on the first failure.
//   node scripts/check-package.mjs [--keep] [--no-build] [--reuse DIR]
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const keep = process.argv.includes('--keep');
// --reuse DIR: a folder a --keep run left (the tarball installed): rerun the checks from step 3
const reuse = process.argv.includes('--reuse') ? process.argv[process.argv.indexOf('--reuse') + 1] : null;
const work = reuse ?? mkdtempSync(join(tmpdir(), 'candor-pack-'));
const run = (cmd, args, cwd, env = {}) =>
  execFileSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 << 20,
  });
const fail = (msg) => {
  console.error(`check-package: ${msg}`);
  process.exit(1);
};

const app = join(work, 'app');
if (!reuse) {
  // 1. the tarball (the build first: npm pack's prepack would print into its JSON)
  if (!process.argv.includes('--no-build')) {
    const tb = Date.now();
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    console.log(`npm run build: ${((Date.now() - tb) / 1000).toFixed(0)} s`);
  }
  const packed = JSON.parse(
    run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], ROOT),
  )[0];
  const tgz = join(work, packed.filename);
  const files = packed.files.map((f) => f.path);
  const forbidden = files.filter((f) => /^(test|bench|scripts|src|docs)\//.test(f) || /fixtures/.test(f));
  if (forbidden.length) fail(`the tarball holds files it must not: ${forbidden.slice(0, 5).join(', ')}`);
  for (const need of [
    'dist/index.js',
    'dist/index.d.ts',
    'dist/node.js',
    'dist/browser/candor.js',
    'dist/browser/highs.wasm',
    'bin/candor.mjs',
    'web-dist/index.html',
    'dist/wasm/fft.wasm',
    'dist/wasm/dense.wasm',
    'dist/wasm/starlet.wasm',
  ]) {
    if (!files.includes(need)) fail(`the tarball lacks ${need}`);
  }
  console.log(
    `tarball ${packed.filename}: ${(statSync(tgz).size / 1e6).toFixed(2)} MB packed, ${(packed.unpackedSize / 1e6).toFixed(2)} MB unpacked, ${files.length} files`,
  );

  // 2. a fresh project outside the repository
  mkdirSync(app);
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'candor-user', private: true, type: 'module' }, null, 2),
  );
  const t0 = Date.now();
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tgz], app);
  console.log(`npm install <tarball>: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

// 3. the README's example, from the package and from the sources
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## As a library'));
const example = section.slice(
  section.indexOf('```ts\n') + 6,
  section.indexOf('\n```', section.indexOf('```ts\n') + 6) + 1,
);
if (!example.includes("from 'candor'")) fail("the README's library example does not import from 'candor'");
writeFileSync(join(app, 'example.mjs'), example);
const fromPackage = run(process.execPath, ['example.mjs'], app);
const srcExample = join(work, 'example-src.mts'); // .mts: an ES module outside any package
writeFileSync(
  srcExample,
  example.replace("from 'candor'", `from ${JSON.stringify(join(ROOT, 'src/index.ts'))}`),
);
const fromSources = run(process.execPath, ['--import', 'tsx', srcExample], ROOT);
if (fromPackage !== fromSources)
  fail(
    `the example prints different numbers from the package:\n${fromPackage}\nand from the sources:\n${fromSources}`,
  );
console.log(
  `README example from the package: ${fromPackage.split('\n')[0]} (same output as from the sources)`,
);

// 4. the same in TypeScript against the shipped types
writeFileSync(join(app, 'example.ts'), `${example}export {};\n`);
writeFileSync(
  join(app, 'tsconfig.json'),
  JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: [],
        lib: ['ES2022', 'DOM'],
      },
      files: ['example.ts'],
    },
    null,
    2,
  ),
);
run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], app);
console.log('tsc --noEmit against the shipped types: ok');

// 5. every subpath entry loads in Node
const subpaths = Object.keys(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).exports).filter(
  (k) => k !== './package.json' && k !== './browser',
);
const probe = subpaths
  .map((k) => `await import('${k === '.' ? 'candor' : `candor/${k.slice(2)}`}');`)
  .join('\n');
writeFileSync(join(app, 'subpaths.mjs'), `${probe}\nconsole.log('ok');\n`);
run(process.execPath, ['subpaths.mjs'], app);
console.log(`subpaths import: ${subpaths.length} ok`);

// 6. the installed command
const bin = join(app, 'node_modules/.bin/candor');
if (!run(bin, ['--help'], app).includes('Usage: candor')) fail('candor --help from the package');
const planned = JSON.parse(run(bin, ['plan', '--n', '1000', '--k', '50', '--json'], app));
if (planned.m !== 225)
  fail(`candor plan --n 1000 --k 50 from the package: expected m = 225, got ${planned.m}`);
console.log('installed candor: --help and plan ok (m = 225)');
// the stored WebAssembly modules the installed command reads (src/core/wasm/bytes-cache.ts) are
// the ones the sources assemble, byte for byte
// (the file: the bytes' SHA-256, then the bytes)
const shipped = readFileSync(join(app, 'node_modules/candor/dist/wasm/fft.wasm')).subarray(32).toString('hex');
const assembled = run(process.execPath, ['--import', 'tsx', '-e', "import('./src/core/fft/wasm.ts').then((m) => process.stdout.write(Buffer.from(m.assemble()).toString('hex')))"], ROOT);
if (shipped !== assembled.trim()) fail('dist/wasm/fft.wasm differs from the FFT module the sources assemble');
console.log('installed candor: dist/wasm/fft.wasm is the assembled FFT module');
if (!keep) rmSync(work, { recursive: true, force: true });
else console.log(`kept ${work}`);

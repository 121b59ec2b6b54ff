/**
 * `npm run bench -- startup`: how fast the `candor` command starts (issue 20). Absolute targets,
 * no peer: `candor --help` at most 0.25 s and `candor plan --n 1000 --k 50` at most 0.4 s, medians
 * of wall-clock times of whole processes, from the compiled package (dist/, built first with
 * `npm run build` unless CANDOR_BENCH_NO_BUILD=1), the way an installed package runs. Also shown,
 * without targets: the same commands from a source checkout (its cached esbuild bundle) and a bare
 * `node -e 0`, the floor any Node command pays. Each run's CPU time (user + system, from
 * /proc/self/stat's children times) is reported beside the wall time: on a loaded machine the wall
 * time waits for a core, the CPU time does not. Runs alternate between the commands.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = `${ROOT}bin/candor.mjs`;
const RUNS = Number(process.env.CANDOR_BENCH_RUNS ?? 15);

interface Row {
  name: string;
  args: string[];
  env: Record<string, string>;
  target: number | null;
  wall: number[];
  cpu: number[];
}

/** Children's user + system CPU seconds so far (clock ticks of 10 ms). */
function childCpu(): number {
  const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(f[13]) + Number(f[14])) / 100;
}

const median = (a: number[]) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[s.length >> 1] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
};

export async function run(): Promise<void> {
  if (process.env.CANDOR_BENCH_NO_BUILD !== '1') {
    console.log('startup: npm run build (the compiled package) ...');
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const dist = { CANDOR_FROM: 'dist' };
  const rows: Row[] = [
    { name: 'candor --help (package)', args: [BIN, '--help'], env: dist, target: 0.25, wall: [], cpu: [] },
    { name: 'candor plan --n 1000 --k 50 (package)', args: [BIN, 'plan', '--n', '1000', '--k', '50'], env: dist, target: 0.4, wall: [], cpu: [] },
    { name: 'candor --help (source checkout)', args: [BIN, '--help'], env: {}, target: null, wall: [], cpu: [] },
    { name: 'candor plan (source checkout)', args: [BIN, 'plan', '--n', '1000', '--k', '50'], env: {}, target: null, wall: [], cpu: [] },
    { name: 'node -e 0 (the floor)', args: ['-e', '0'], env: {}, target: null, wall: [], cpu: [] },
  ];
  for (let i = 0; i < RUNS + 1; i++) {
    for (const r of rows) {
      const c0 = childCpu();
      const t0 = performance.now();
      const p = spawnSync(process.execPath, r.args, { cwd: ROOT, env: { ...process.env, ...r.env }, encoding: 'utf8' });
      const dt = (performance.now() - t0) / 1000;
      if (p.status !== 0) throw new Error(`bench startup: ${r.name} exited ${p.status}: ${p.stderr.trim().split('\n').pop()}`);
      if (i === 0) continue; // warm-up: disk cache, the source checkout's bundle
      r.wall.push(dt);
      r.cpu.push(childCpu() - c0);
    }
  }
  console.log(`\nstartup: medians of ${RUNS} alternated runs (whole processes)`);
  console.log('case                                      wall (min-max)         cpu     target   verdict');
  const out = rows.map((r) => {
    const wall = median(r.wall);
    const verdict = r.target === null ? 'informational' : wall <= r.target ? 'meets target' : 'misses target';
    console.log(
      `${r.name.padEnd(42)}${wall.toFixed(3)} s (${Math.min(...r.wall).toFixed(3)}-${Math.max(...r.wall).toFixed(3)})  ${median(r.cpu).toFixed(2)} s  ${r.target === null ? 'none ' : `<= ${r.target}`}  ${verdict}`,
    );
    return { case: r.name, wall_s: wall, wall_min: Math.min(...r.wall), wall_max: Math.max(...r.wall), cpu_s: median(r.cpu), target_s: r.target, verdict };
  });
  mkdirSync(`${ROOT}bench/results`, { recursive: true });
  writeFileSync(`${ROOT}bench/results/startup.json`, `${JSON.stringify({ group: 'startup', runs: RUNS, rows: out }, null, 2)}\n`);
}

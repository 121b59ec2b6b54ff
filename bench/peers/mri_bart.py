"""BART 0.8 `pics` peer for bench/groups/mri.ts (line protocol of proto.py).

Usage: mri_bart.py <dir> <iters> <threads> [--whole] <pics options...>
  <dir>/kspace, <dir>/sens, <dir>/truth: CFL files written by the case (identical k-space and mask).
  <iters>:   pics -i (FISTA: iterations; ADMM (-R T): its conjugate-gradient steps in total).
  <threads>: comma-separated OMP_NUM_THREADS values timed in every `run`, e.g. 1,2.
  --whole:   answer the whole-process time (spawn to exit) instead of the printed one (issue 12's
             rows that time our whole `candor mri recon` process against BART's whole process).
  The options are passed to pics as they are (e.g. -l1 -r 0.005, or -R T:3:0:0.005), with -S.

Timing. Each `run` repeats, until its wall time reaches min_seconds (at least once), one pics
call per thread count (in alternating order) and records for each
  - BART's own printed "Total Time" (pics -d4): from after start-up, before it loads the
    k-space, to after it has unmapped (written) the output, so it INCLUDES its file I/O
    (memory-mapped CFL reads and the output write) and EXCLUDES process start-up;
  - the whole process, spawn to exit, measured here (adds process start-up and exit).
It answers {"seconds": the faster thread count's mean printed time, "extra": per-thread-count
printed and whole-process means}. The ratio in the table therefore compares ours (in-process
reconstruction, no file I/O) with BART's printed time of its faster thread count; with --whole,
"seconds" is the faster thread count's whole-process mean instead (ours is then a whole process too).

The error is `bart nrmse -s truth recon` of a one-thread run (the same metric as Candor's
nrmseScaled); the detail says how many iterations pics ran (parsed from its -d4 output).
"""
import json
import os
import re
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from proto import missing  # noqa: E402

if shutil.which("bart") is None:
    missing("bart")

d, iters, threads = sys.argv[1], sys.argv[2], [t for t in sys.argv[3].split(",") if t]
opts = sys.argv[4:]
whole_process = bool(opts) and opts[0] == "--whole"
if whole_process:
    opts = opts[1:]
cmd = ["bart", "pics", "-d4", "-S", *opts, "-i", iters, "kspace", "sens", "recon-peer"]


def pics(nthreads):
    env = {**os.environ, "OMP_NUM_THREADS": nthreads}
    t0 = time.perf_counter()
    r = subprocess.run(cmd, cwd=d, capture_output=True, text=True, check=True, env=env)
    wall = time.perf_counter() - t0
    out = r.stdout + r.stderr
    m = re.search(r"Total Time: ([0-9.eE+-]+)", out)
    return float(m.group(1)), wall, out


def iterations(out):
    """What pics ran: FISTA prints its count; ADMM prints one line per iteration with the CG total."""
    m = re.search(r"FISTA iterations: (\d+)", out)
    if m:
        return f"{m.group(1)} FISTA iterations"
    rows = re.findall(r"^\s*(\d+)\s+(\d+)\s+[0-9.]+\s", out, re.M)
    if rows:
        return f"{rows[-1][0]} ADMM iterations ({rows[-1][1]} conjugate-gradient steps)"
    return "iterations not reported"


_, _, first = pics("1")
out = subprocess.run(["bart", "nrmse", "-s", "truth", "recon-peer"], cwd=d, capture_output=True, text=True, check=True).stdout
err = float(out.strip().splitlines()[-1])
version = subprocess.run(["bart", "version"], capture_output=True, text=True).stdout.strip()
name = f"bart {version} pics -S {' '.join(opts)} -i {iters} (OMP_NUM_THREADS {' and '.join(threads)})"
print(json.dumps({"peer": name, "error": err, "detail": f"pics ran {iterations(first)}"}), flush=True)

flip = False
for line in sys.stdin:
    parts = line.split()
    if not parts or parts[0] == "quit":
        break
    if parts[0] == "run":
        printed = {t: [] for t in threads}
        whole = {t: [] for t in threads}
        t0 = time.perf_counter()
        while True:
            flip = not flip
            for t in threads if flip else threads[::-1]:
                p, w, _ = pics(t)
                printed[t].append(p)
                whole[t].append(w)
            if time.perf_counter() - t0 >= float(parts[1]):
                break
        mean = {t: sum(v) / len(v) for t, v in (whole if whole_process else printed).items()}
        extra = {}
        for t in threads:
            extra[f"omp{t}_printed_s"] = sum(printed[t]) / len(printed[t])
            extra[f"omp{t}_process_s"] = sum(whole[t]) / len(whole[t])
        print(json.dumps({"seconds": min(mean.values()), "extra": extra}), flush=True)

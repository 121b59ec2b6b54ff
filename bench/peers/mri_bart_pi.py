"""BART 0.8 parallel-imaging pipeline peer for bench/groups/mri.ts (multi-coil rows; line protocol
of proto.py): the whole BART pipeline from the k-space file to the image, as separate processes.

Usage: mri_bart_pi.py <dir> <kind> <iters> <threads> <pics options...>
  <dir>/kspace (and <dir>/traj for kind 'radial'), <dir>/truth (real, the fully sampled reference:
  root sum of squares of the coil images): CFL files written by the case.
  <kind>:    'cartesian': bart ecalib -m1 kspace sens; bart pics -S <opts> -i <iters> kspace sens recon
             'radial':    bart nufft -i -t traj kspace ig; bart fft -u 3 ig kg; bart ecalib -m1 kg sens;
                          bart pics -S <opts> -i <iters> -t traj kspace sens recon
             (<iters> 'default': no -i, BART's own default)
  <threads>: comma-separated OMP_NUM_THREADS values timed in every `run`, e.g. 1,2.

Timing: each `run` repeats, until its wall time reaches min_seconds (at least once), the whole
pipeline once per thread count (alternating order), each command spawn to exit, summed: BART's
start-up and file I/O included, as Candor's `candor mri recon` process is timed. It answers
{"seconds": the faster thread count's mean, "extra": per-thread-count means and the pics part}.

The error is the NRMSE of |recon| against the truth with the optimal real scale (numpy; the
same definition as Candor's nrmseScaled on magnitudes), from a one-thread run.
"""
import json
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from proto import missing  # noqa: E402

if shutil.which("bart") is None:
    missing("bart")
try:
    import numpy as np
except ImportError:
    missing("python3-numpy")

d, kind, iters, threads = sys.argv[1], sys.argv[2], sys.argv[3], [t for t in sys.argv[4].split(",") if t]
opts = sys.argv[5:]
it = [] if iters == "default" else ["-i", iters]
if kind == "cartesian":
    steps = [["ecalib", "-m1", "kspace", "sens-peer"], ["pics", "-S", *opts, *it, "kspace", "sens-peer", "recon-peer"]]
else:
    steps = [
        ["nufft", "-i", "-t", "traj", "kspace", "ig-peer"],
        ["fft", "-u", "3", "ig-peer", "kg-peer"],
        ["ecalib", "-m1", "kg-peer", "sens-peer"],
        ["pics", "-S", *opts, *it, "-t", "traj", "kspace", "sens-peer", "recon-peer"],
    ]


def pipeline(nthreads):
    env = {**os.environ, "OMP_NUM_THREADS": nthreads}
    total = 0.0
    pics = 0.0
    for s in steps:
        t0 = time.perf_counter()
        subprocess.run(["bart", *s], cwd=d, capture_output=True, text=True, check=True, env=env)
        dt = time.perf_counter() - t0
        total += dt
        if s[0] == "pics":
            pics = dt
    return total, pics


def readcfl(base):
    with open(base + ".hdr") as f:
        f.readline()
        dims = [int(x) for x in f.readline().split()]
    n = int(np.prod(dims))
    return np.fromfile(base + ".cfl", dtype=np.complex64, count=n).reshape(dims, order="F")


pipeline("1")
x = np.abs(readcfl(os.path.join(d, "recon-peer"))).astype(np.float64).ravel(order="F")
r = np.abs(readcfl(os.path.join(d, "truth"))).astype(np.float64).ravel(order="F")
a = (x @ r) / (x @ x)
err = float(np.linalg.norm(a * x - r) / np.linalg.norm(r))
version = subprocess.run(["bart", "version"], capture_output=True, text=True).stdout.strip()
name = f"bart {version} {' + '.join(s[0] for s in steps)} ({' '.join(['pics', *opts, *it])}; OMP_NUM_THREADS {' and '.join(threads)})"
print(json.dumps({"peer": name, "error": err, "detail": f"{len(steps)} processes"}), flush=True)

flip = False
for line in sys.stdin:
    parts = line.split()
    if not parts or parts[0] == "quit":
        break
    if parts[0] == "run":
        whole = {t: [] for t in threads}
        pics = {t: [] for t in threads}
        t0 = time.perf_counter()
        while True:
            flip = not flip
            for t in threads if flip else threads[::-1]:
                w, p = pipeline(t)
                whole[t].append(w)
                pics[t].append(p)
            if time.perf_counter() - t0 >= float(parts[1]):
                break
        mean = {t: sum(v) / len(v) for t, v in whole.items()}
        extra = {}
        for t in threads:
            extra[f"omp{t}_pipeline_s"] = mean[t]
            extra[f"omp{t}_pics_s"] = sum(pics[t]) / len(pics[t])
        print(json.dumps({"seconds": min(mean.values()), "extra": extra}), flush=True)

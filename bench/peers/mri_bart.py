"""BART 0.8 `pics` peer for bench/groups/mri.ts (line protocol of proto.py).

Usage: mri_bart.py <dir> <method> <iters> [<lambda>]
  <dir>/kspace, <dir>/sens, <dir>/truth: CFL files written by the case (identical k-space and mask).
  method 'l1'  -> bart pics -l1 -r <lambda> -i <iters> -S
  method 'tv'  -> bart pics -R T:3:0:<lambda> -i <iters> -S
Timing: BART's own "Total Time" line (pics -d4), i.e. the reconstruction without process start
and file I/O; a `run` repeats pics until the wall time reaches min_seconds and reports the mean
internal time. Threads come from OMP_NUM_THREADS in the environment. The NRMSE reported is
`bart nrmse -s truth recon` of the first run.
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

d, method, iters = sys.argv[1], sys.argv[2], sys.argv[3]
lam = sys.argv[4] if len(sys.argv) > 4 else "0.005"
reg = ["-l1", "-r", lam] if method == "l1" else ["-R", f"T:3:0:{lam}"]
cmd = ["bart", "pics", "-d4", "-S", *reg, "-i", iters, "kspace", "sens", "recon"]


def pics():
    r = subprocess.run(cmd, cwd=d, capture_output=True, text=True, check=True)
    m = re.search(r"Total Time: ([0-9.eE+-]+)", r.stdout + r.stderr)
    return float(m.group(1))


pics()
out = subprocess.run(["bart", "nrmse", "-s", "truth", "recon"], cwd=d, capture_output=True, text=True, check=True).stdout
err = float(out.strip().splitlines()[-1])
version = subprocess.run(["bart", "version"], capture_output=True, text=True).stdout.strip()
threads = os.environ.get("OMP_NUM_THREADS", "default")
print(json.dumps({"peer": f"bart {version} pics {' '.join(reg)} -i {iters} (OMP_NUM_THREADS={threads})", "error": err}), flush=True)
for line in sys.stdin:
    parts = line.split()
    if not parts or parts[0] == "quit":
        break
    if parts[0] == "run":
        t0 = time.perf_counter()
        times = []
        while True:
            times.append(pics())
            if time.perf_counter() - t0 >= float(parts[1]):
                break
        print(json.dumps({"seconds": sum(times) / len(times)}), flush=True)

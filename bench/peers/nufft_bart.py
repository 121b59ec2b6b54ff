"""BART 0.8 `nufft` peer for bench/groups/nufft.ts (line protocol of proto.py).

Usage: nufft_bart.py <dir> <traj> <mode> [<iters>]
  <dir>/<traj>.{hdr,cfl}   BART trajectory (3 x samples x spokes, k-space units), 256 x 256 image grid
  <dir>/img.{hdr,cfl}      the image (forward); <dir>/ks_<traj>.{hdr,cfl} k-space [1, samples, spokes] (adjoint, inverse)
  mode 'forward'  -> bart nufft -P <traj> img out                       (type 2)
  mode 'adjoint'  -> bart nufft -P -a -d 256:256:1 <traj> ks out          (type 1)
  mode 'inverse'  -> bart nufft -P -i -m <iters> -d 256:256:1 <traj> ks out
  -P (periodic k-space) is BART's most accurate setting here: by default BART does not wrap the
  kernel around the grid edge, and samples near |k| = n/2 (these trajectories reach 127.75 and 128)
  then carry errors of ~1e-2 (measured: 7.7e-3 radial, 1.4e-2 spiral forward without -P, 1.3e-3 with).
                     (CG on the normal equations, BART's default Toeplitz embedding of A^H A: PSF on a
                     2x grid, then one FFT pair per iteration; -m is BART's hidden maxiter option)
Timing: the whole command (process start, file I/O, plan, transform), wall time by perf_counter
around subprocess.run; a `run` repeats it until min_seconds and reports the mean. Threads come from
OMP_NUM_THREADS. Accuracy: ||bart - ref|| / ||ref|| against the exact result computed here in numpy
(complex128): the NDFT y_j = N^-1/2 sum_k x_k e^{-2 pi i <w_j, k - c>} (w = k_bart / 256, c = 128),
its adjoint, or `iters` CG iterations on E^H E x = E^H y from x = 0 with the exact NDFT E. The
reference is written to <dir>/ref_<traj>_<mode>[_<iters>].npy (reused when present) for ours.
"""
import json
import os
import shutil
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from proto import missing  # noqa: E402

if shutil.which("bart") is None:
    missing("bart")

d, traj, mode = sys.argv[1], sys.argv[2], sys.argv[3]
iters = int(sys.argv[4]) if len(sys.argv) > 4 else 10
N = 256


def readcfl(base):
    with open(base + ".hdr") as f:
        f.readline()
        dims = [int(t) for t in f.readline().split()]
    a = np.fromfile(base + ".cfl", dtype=np.complex64, count=int(np.prod(dims)))
    return a.reshape(dims, order="F")


k = readcfl(os.path.join(d, traj))
S, P = k.shape[1], k.shape[2]
kk = k[:, :, :, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0].real.astype(np.float64)
# samples in C order over (samples, spokes), as BART's k-space [1, S, P] is read in C order
w0 = kk[0].reshape(-1) / N
w1 = kk[1].reshape(-1) / N
n = np.arange(N) - N // 2
E0 = np.exp(-2j * np.pi * np.outer(w0, n))
E1 = np.exp(-2j * np.pi * np.outer(w1, n))


def A(x):
    return ((E0 @ x) * E1).sum(1) / N


def AH(y):
    return (E0.conj().T @ (y[:, None] * E1.conj())) / N


suffix = f"_{iters}" if mode == "inverse" else ""
ref_path = os.path.join(d, f"ref_{traj}_{mode}{suffix}.npy")
if mode == "forward":
    inp = readcfl(os.path.join(d, "img")).reshape(N, N).astype(np.complex128)
    out_shape = (S * P,)
    cmd = ["bart", "nufft", "-P", traj, "img", "out_" + traj]
else:
    ks = readcfl(os.path.join(d, "ks_" + traj)).reshape(S, P).ravel().astype(np.complex128)
    out_shape = (N, N)
    if mode == "adjoint":
        cmd = ["bart", "nufft", "-P", "-a", "-d", f"{N}:{N}:1", traj, "ks_" + traj, "out_" + traj]
    else:
        cmd = ["bart", "nufft", "-P", "-i", "-m", str(iters), "-d", f"{N}:{N}:1", traj, "ks_" + traj, "out_" + traj]

if os.path.exists(ref_path):
    ref = np.load(ref_path)
else:
    if mode == "forward":
        ref = A(inp)
    elif mode == "adjoint":
        ref = AH(ks)
    else:
        # plain CG on E^H E x = E^H y from 0, fixed iteration count (BART's iter_conjgrad with tol 0)
        b = AH(ks)
        x = np.zeros_like(b)
        r = b.copy()
        p = r.copy()
        rs = np.vdot(r, r).real
        for _ in range(iters):
            Ap = AH(A(p))
            alpha = rs / np.vdot(p, Ap).real
            x = x + alpha * p
            r = r - alpha * Ap
            rn = np.vdot(r, r).real
            p = r + (rn / rs) * p
            rs = rn
        ref = x
    np.save(ref_path, ref)


def run():
    subprocess.run(cmd, cwd=d, check=True, capture_output=True)


run()
got = readcfl(os.path.join(d, "out_" + traj))
got = got.reshape(S, P).ravel() if mode == "forward" else got.reshape(N, N)
err = float(np.linalg.norm(got - ref.reshape(out_shape)) / np.linalg.norm(ref))
# process start and file I/O of a trivial command, for the note
t0 = time.perf_counter()
for _ in range(5):
    subprocess.run(["bart", "ones", "2", "1", "1", os.path.join(d, "bart_ones")], check=True, capture_output=True)
startup = (time.perf_counter() - t0) / 5
version = subprocess.run(["bart", "version"], capture_output=True, text=True).stdout.strip()
threads = os.environ.get("OMP_NUM_THREADS", "default")
label = " ".join(cmd[1:-3])
print(json.dumps({"peer": f"bart {version} {label} (whole command, OMP_NUM_THREADS={threads}, `bart ones` {startup * 1e3:.0f} ms)", "error": err}), flush=True)
for line in sys.stdin:
    parts = line.split()
    if not parts or parts[0] == "quit":
        break
    if parts[0] == "run":
        t0 = time.perf_counter()
        reps = 0
        while True:
            run()
            reps += 1
            if time.perf_counter() - t0 >= float(parts[1]):
                break
        print(json.dumps({"seconds": (time.perf_counter() - t0) / reps}), flush=True)

"""Peer for bench/groups/solvers/bp.ts: scipy linprog(method='highs') on the basis-pursuit LP.

Usage: solvers_bp.py <prefix> <m> <n>
Reads <prefix>.A.f64 (row-major m x n), <prefix>.y.f64 and <prefix>.x0.f64 (float64 little-endian),
the exact instance the Candor side solves, and times only
    linprog(c, A_eq=[A, -A], b_eq=y, bounds=(0, None), method='highs')
with c = 1 and A_eq built once outside the timed call. Reports ||x - x0|| / ||x0||.
"""
import sys

from proto import missing, serve

try:
    import numpy as np
    import scipy
    from scipy.optimize import linprog
except ImportError:
    missing("python3-scipy")


def main():
    prefix, m, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    A = np.fromfile(prefix + ".A.f64", dtype="<f8").reshape(m, n)
    y = np.fromfile(prefix + ".y.f64", dtype="<f8")
    x0 = np.fromfile(prefix + ".x0.f64", dtype="<f8")
    c = np.ones(2 * n)
    A_eq = np.hstack([A, -A])

    def call():
        return linprog(c, A_eq=A_eq, b_eq=y, bounds=(0, None), method="highs")

    res = call()
    if res.status != 0:
        raise SystemExit(f"linprog failed: {res.message}")
    x = res.x[:n] - res.x[n:]
    err = float(np.linalg.norm(x - x0) / np.linalg.norm(x0))
    serve(call, peer=f"scipy {scipy.__version__} linprog(method='highs')", error=err)


if __name__ == "__main__":
    main()

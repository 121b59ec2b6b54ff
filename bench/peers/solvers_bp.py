"""Peer for bench/groups/solvers/bp.ts: basis pursuit min ||x||_1 s.t. Ax = y, two ways.

Usage: solvers_bp.py <prefix> <m> <n> <linprog|lars>
Reads <prefix>.A.f64 (row-major m x n), <prefix>.y.f64 and <prefix>.x0.f64 (float64 little-endian),
the exact instance the Candor side solves, and times only one call:
  linprog: scipy linprog(c, A_eq=[A, -A], b_eq=y, bounds=(0, None), method='highs'), c = 1 and
           A_eq built once outside the timed call; stops at HiGHS's optimality tolerances.
  lars:    scikit-learn lars_path(A, y, method='lasso', alpha_min=0): the LASSO path (the l1
           homotopy) followed to lambda = 0; stops when alpha reaches alpha_min = 0.
Reports ||x - x0|| / ||x0|| as its error, writes its x to <prefix>.<method>.x.f64 (so the Candor
side can compare the solutions and their l1 norms) and, outside any timing, the LP optimum of
linprog to <prefix>.lp.x.f64 (the reference optimum both rows are checked against).
"""
import sys

from proto import missing, serve

try:
    import numpy as np
    import scipy
    from scipy.optimize import linprog
except ImportError:
    missing("python3-scipy")


def lp_solve(A, y):
    n = A.shape[1]
    c = np.ones(2 * n)
    A_eq = np.hstack([A, -A])

    def call():
        return linprog(c, A_eq=A_eq, b_eq=y, bounds=(0, None), method="highs")

    res = call()
    if res.status != 0:
        raise SystemExit(f"linprog failed: {res.message}")
    return call, res.x[:n] - res.x[n:]


def main():
    prefix, m, n, method = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    A = np.fromfile(prefix + ".A.f64", dtype="<f8").reshape(m, n)
    y = np.fromfile(prefix + ".y.f64", dtype="<f8")
    x0 = np.fromfile(prefix + ".x0.f64", dtype="<f8")
    lp_call, x_lp = lp_solve(A, y)
    x_lp.astype("<f8").tofile(prefix + ".lp.x.f64")
    if method == "linprog":
        call, x, steps = lp_call, x_lp, "HiGHS optimality tolerances"
        name = f"scipy {scipy.__version__} linprog(method='highs')"
    elif method == "lars":
        try:
            import sklearn
            from sklearn.linear_model import lars_path
        except ImportError:
            missing("python3-sklearn")

        def call():
            return lars_path(A, y, method="lasso", alpha_min=0, return_n_iter=True)

        alphas, _, coefs, n_iter = call()
        x = coefs[:, -1]
        steps = f"{n_iter} path steps, last alpha {alphas[-1]:.1e}"
        name = f"scikit-learn {sklearn.__version__} lars_path(method='lasso', alpha_min=0)"
    else:
        raise SystemExit(f"solvers_bp.py: method: expected linprog or lars, got {method!r}")
    x.astype("<f8").tofile(f"{prefix}.{method}.x.f64")
    err = float(np.linalg.norm(x - x0) / np.linalg.norm(x0))
    l1, l1_lp = float(np.abs(x).sum()), float(np.abs(x_lp).sum())
    res = float(np.linalg.norm(A @ x - y) / np.linalg.norm(y))
    detail = f"||x||_1 = {l1!r} ((l1 - l1_LP) / l1_LP = {(l1 - l1_lp) / l1_lp:.1e}), ||Ax - y|| / ||y|| = {res:.1e}, {steps}"
    serve(call, peer=name, error=err, detail=detail)


if __name__ == "__main__":
    main()

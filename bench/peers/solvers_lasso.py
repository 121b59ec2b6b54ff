"""Peer for bench/groups/solvers/lasso.ts: scikit-learn Lasso (coordinate descent) on the same LASSO.

Usage: solvers_lasso.py <prefix> <m> <n> <lambda>
Reads <prefix>.A.f64 (row-major m x n, float64 little-endian), <prefix>.y.f64 and
<prefix>.ref.json (the reference optimum F* of 1/2||Ax - y||^2 + lambda||x||_1), the exact instance
the Candor side solves, and times only
    Lasso(alpha=lambda/m, fit_intercept=False, tol=1e-8).fit(A, y)
(sklearn's objective is (1/(2m))||y - Aw||^2 + alpha||w||_1, the same problem for alpha = lambda/m),
with A converted to Fortran order (sklearn's native layout) outside the timed call. Reports its
objective in Candor's convention relative to F*, (F - F*) / F*, as its error, and writes it to
<prefix>.peer.json.
"""
import json
import sys

from proto import missing, serve

try:
    import numpy as np
    import sklearn
    from sklearn.linear_model import Lasso
except ImportError:
    missing("python3-sklearn")


def main():
    prefix, m, n, lam = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    A = np.asfortranarray(np.fromfile(prefix + ".A.f64", dtype="<f8").reshape(m, n))
    y = np.fromfile(prefix + ".y.f64", dtype="<f8")
    with open(prefix + ".ref.json") as f:
        f_star = json.load(f)["fStar"]

    def call():
        return Lasso(alpha=lam / m, fit_intercept=False, tol=1e-8, max_iter=100000).fit(A, y)

    model = call()
    w = model.coef_
    r = A @ w - y
    f = 0.5 * float(r @ r) + lam * float(np.abs(w).sum())
    with open(prefix + ".peer.json", "w") as out:
        json.dump({"objective": f, "n_iter": int(model.n_iter_), "support": int((w != 0).sum())}, out)
    err = (f - f_star) / f_star
    detail = f"F = {f:.12g} after {model.n_iter_} sweeps"
    serve(call, peer=f"scikit-learn {sklearn.__version__} Lasso (cd, tol=1e-8)", error=err, detail=detail)


if __name__ == "__main__":
    main()

"""Peer for bench/groups/solvers/omp.ts: scikit-learn OrthogonalMatchingPursuit.

Usage: solvers_omp.py <prefix> <m> <n> <k>
Reads <prefix>.A.f64 (row-major m x n), <prefix>.y.f64 and <prefix>.x0.f64 (float64
little-endian), the exact instance the Candor side solves, and times only
    OrthogonalMatchingPursuit(n_nonzero_coefs=k, fit_intercept=False).fit(A, y)
(the estimator is built once; fit includes sklearn's own validation and copies of A, as a user
sees it). With fewer samples than features sklearn runs orthogonal_mp's Cholesky OMP. One BLAS
thread (the harness sets OPENBLAS_NUM_THREADS=1, OMP_NUM_THREADS=1). Reports ||x - x0|| / ||x0||.
"""
import sys

from proto import missing, serve

try:
    import numpy as np
    import sklearn
    from sklearn.linear_model import OrthogonalMatchingPursuit
except ImportError:
    missing("python3-sklearn")


def main():
    prefix, m, n, k = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    A = np.fromfile(prefix + ".A.f64", dtype="<f8").reshape(m, n)
    y = np.fromfile(prefix + ".y.f64", dtype="<f8")
    x0 = np.fromfile(prefix + ".x0.f64", dtype="<f8")
    est = OrthogonalMatchingPursuit(n_nonzero_coefs=k, fit_intercept=False)

    def call():
        return est.fit(A, y)

    call()
    err = float(np.linalg.norm(est.coef_ - x0) / np.linalg.norm(x0))
    serve(call, peer=f"scikit-learn {sklearn.__version__} OrthogonalMatchingPursuit", error=err)


if __name__ == "__main__":
    main()

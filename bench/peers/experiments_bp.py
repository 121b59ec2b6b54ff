"""Peer for bench/groups/experiments.ts: a basis-pursuit phase-transition batch in Python.

Usage: experiments_bp.py <n> <m> <k> <trials> <processes> <linprog|lars> [<record.json>]

One timed call runs a batch of <trials> trials on <processes> worker processes, the way a
Python sweep would: a multiprocessing Pool (fork) is created, the trials are mapped over it in
chunks, the successes are collected, and the pool is closed (the Candor side likewise starts its
worker threads inside each runSweep call). Each trial, seeded by (1, batch, t) with numpy's
default_rng:
    A ~ N(0, 1/m) (m x n), support = k indices without replacement, signs +-1, y = A x0;
    linprog: linprog(1, A_eq=[A, -A], b_eq=y, bounds=(0, None), method='highs'), x = u - w
             (the split LP; stops at HiGHS's optimality tolerances);
    lars:    scikit-learn lars_path(A, y, method='lasso', alpha_min=0), x = the path's end
             (the l1 homotopy, like Candor's bp-homotopy; stops at alpha = 0); a trial that hits
             scikit-learn issue #19682 (ValueError "shapes not aligned" when two variables drop
             at one step, Gram=None path) is solved again with the Gram matrix precomputed,
             inside the timed call;
    success when ||x - x0|| / ||x0|| <= 1e-5.
Run with one BLAS thread per process (the harness sets OPENBLAS_NUM_THREADS=1 etc.). The
reported error is the largest relative error of the first batch. Every answered time is also
appended to <record.json> (if given) so the benchmark can report the 1 -> 2 process scaling.
"""
import json
import multiprocessing as mp
import sys
import time

from proto import missing, serve

try:
    import numpy as np
    import scipy
    from scipy.optimize import linprog
except ImportError:
    missing("python3-scipy")

N = M = K = 0
SOLVER = ["linprog"]
BATCH = [0]


def solve(A, y):
    if SOLVER[0] == "lars":
        from sklearn.linear_model import lars_path

        try:
            return lars_path(A, y, method="lasso", alpha_min=0)[2][:, -1]
        except ValueError:
            # scikit-learn issue #19682: with Gram=None, a step that drops two variables at once
            # fails with "shapes not aligned"; the precomputed-Gram path solves the same trial
            return lars_path(A, y, Gram=A.T @ A, method="lasso", alpha_min=0)[2][:, -1]
    res = linprog(np.ones(2 * N), A_eq=np.hstack([A, -A]), b_eq=y, bounds=(0, None), method="highs")
    if res.status != 0:
        return None
    return res.x[:N] - res.x[N:]


def trial(args):
    batch, t = args
    rng = np.random.default_rng((1, batch, t))
    A = rng.standard_normal((M, N)) / np.sqrt(M)
    x0 = np.zeros(N)
    support = rng.choice(N, K, replace=False)
    x0[support] = rng.choice((-1.0, 1.0), K)
    y = A @ x0
    x = solve(A, y)
    if x is None:
        return float("inf")
    return float(np.linalg.norm(x - x0) / np.linalg.norm(x0))


def main():
    global N, M, K
    N, M, K = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    trials, procs = int(sys.argv[4]), int(sys.argv[5])
    SOLVER[0] = sys.argv[6]
    if SOLVER[0] not in ("linprog", "lars"):
        raise SystemExit(f"experiments_bp.py: solver: expected linprog or lars, got {SOLVER[0]!r}")
    if SOLVER[0] == "lars":
        try:
            import sklearn  # noqa: F401
        except ImportError:
            missing("python3-sklearn")
    record = sys.argv[7] if len(sys.argv) > 7 else None
    ctx = mp.get_context("fork")
    chunk = max(1, trials // (8 * procs))

    def call():
        BATCH[0] += 1
        with ctx.Pool(procs) as pool:
            errs = pool.map(trial, [(BATCH[0], t) for t in range(trials)], chunksize=chunk)
        return errs

    errs = call()
    ok = sum(e <= 1e-5 for e in errs)
    if ok != trials:
        print(f"experiments_bp.py: only {ok}/{trials} trials recovered x0", file=sys.stderr)
    timed = call
    if record:
        with open(record, "w") as f:
            json.dump([], f)

        def timed():
            t0 = time.perf_counter()
            out = call()
            dt = time.perf_counter() - t0
            with open(record) as f:
                seen = json.load(f)
            with open(record, "w") as f:
                json.dump(seen + [dt], f)
            return out

    serve(timed, peer=peer_name(procs), error=max(errs))


def peer_name(procs):
    if SOLVER[0] == "lars":
        import sklearn

        what = f"scikit-learn {sklearn.__version__} lars_path(method='lasso', alpha_min=0)"
    else:
        what = f"scipy {scipy.__version__} linprog(method='highs')"
    return f"{what}, numpy {np.__version__}, {procs} process{'es' if procs > 1 else ''} (multiprocessing, fork)"


if __name__ == "__main__":
    main()

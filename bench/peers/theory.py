"""Peer for bench/groups/theory.ts: the same statistical-dimension equations solved with SciPy
(scipy.special.erfc, scipy.optimize.brentq), one scalar root per problem, single-threaded.

Usage:
  theory.py statdim <pairs.f64> <out.f64>   pairs: (n, k) float64 pairs; out: (n psi, sigma) pairs
  theory.py curve <deltas.f64> <out.f64>    deltas: the grid; out: rho_W(delta) (k/m)

statdim: tau* = brentq of rho tau - 2(1 - rho)(phi - tau Q) on the bracket [lo, hi] found as the
Candor side finds it (start 2 + sqrt(2 log(1/rho)), doubling, capped at sqrt(2/pi)(1 - rho)/rho),
then psi = rho(1 + tau^2) + 2(1 - rho) I_2 and sigma^2 = k(2 + 4 tau^2) + (n - k)(2 I_4 - 4 I_2^2)
- 2 n psi with the closed forms of I_2, I_4 (THEORY.md section 1).
curve: brentq in tau of psi(eps(tau)) - delta along eps(tau) = 2 I_1/(tau + 2 I_1) (the Candor
'statdim' route), rho_W = eps/delta.

The reported error is the peer's max relative deviation from ../shared/theory-reference-values.json
(psi_signed, resp. rho_W_statdim, at the reference points).
"""
import json
import math
import sys

from proto import missing, serve

try:
    import numpy as np
except ImportError:
    missing("python3-numpy")
try:
    import scipy
    from scipy.optimize import brentq
    from scipy.special import erfc
except ImportError:
    missing("python3-scipy")

SQRT1_2 = math.sqrt(0.5)
INV_SQRT_2PI = 1 / math.sqrt(2 * math.pi)
SQRT_2_OVER_PI = math.sqrt(2 / math.pi)
REF = "../shared/theory-reference-values.json"


def Q(t):
    return 0.5 * erfc(t * SQRT1_2)


def phi(t):
    return math.exp(-0.5 * t * t) * INV_SQRT_2PI


def stationarity(t, rho):
    return rho * t - 2 * (1 - rho) * (phi(t) - t * Q(t))


def tau_star(rho):
    if rho == 1:
        return 0.0
    cap = SQRT_2_OVER_PI * (1 - rho) / rho
    lo, hi = 0.0, min(cap, 2 + math.sqrt(2 * math.log(1 / rho)))
    while hi < cap and stationarity(hi, rho) <= 0:
        lo, hi = hi, min(cap, 2 * hi)
    return brentq(stationarity, lo, hi, args=(rho,), xtol=1e-300, rtol=8.9e-16, maxiter=300)


def psi_sigma(n, k):
    rho = k / n
    t = tau_star(rho)
    q, p = Q(t), phi(t)
    i2 = (1 + t * t) * q - t * p
    i4 = (t ** 4 + 6 * t * t + 3) * q - (t ** 3 + 5 * t) * p
    psi = rho * (1 + t * t) + 2 * (1 - rho) * i2
    v = k * (2 + 4 * t * t) + (n - k) * (2 * i4 - 4 * i2 * i2) - 2 * n * psi
    return psi, math.sqrt(v) if v > 0 else 0.0


def along_tau(t):
    q, p = Q(t), phi(t)
    i1 = p - t * q
    i2 = (1 + t * t) * q - t * p
    eps = 2 * i1 / (t + 2 * i1)
    return eps, eps * (1 + t * t) + 2 * (1 - eps) * i2


def rho_w(delta):
    if delta == 1:
        return 1.0
    f = lambda t: along_tau(t)[1] - delta  # noqa: E731
    hi = 1.0
    while f(hi) > 0:
        hi *= 2
    t = brentq(f, 0, hi, xtol=1e-300, rtol=8.9e-16, maxiter=300)
    return along_tau(t)[0] / delta


def main():
    kind, path, out_path = sys.argv[1:4]
    data = np.fromfile(path, dtype="<f8")
    ref = json.load(open(REF))
    if kind == "statdim":
        pairs = [(float(data[2 * i]), float(data[2 * i + 1])) for i in range(data.size // 2)]

        def call():
            return [psi_sigma(n, k) for n, k in pairs]

        err = max(abs(psi_sigma(1e6, r["rho_k_over_n"] * 1e6)[0] - r["psi_signed"]) / r["psi_signed"]
                  for r in ref["l1_statistical_dimension"])
        res = call()
        out = np.array([[n * ps, sg] for (n, _), (ps, sg) in zip(pairs, res)], dtype="<f8").ravel()
    else:
        deltas = [float(d) for d in data]

        def call():
            return [rho_w(d) for d in deltas]

        err = max(abs(rho_w(r["delta_m_over_n"]) - r["rho_W_statdim"]) / r["rho_W_statdim"]
                  for r in ref["dt_plane_weak_threshold"])
        out = np.array(call(), dtype="<f8")
    out.tofile(out_path)
    serve(call, peer=f"scipy {scipy.__version__} brentq + special.erfc (numpy {np.__version__})", error=err)


if __name__ == "__main__":
    main()

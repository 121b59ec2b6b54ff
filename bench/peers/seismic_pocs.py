"""Peer for bench/groups/seismic.ts: POCS interpolation with a decreasing f-k threshold in numpy,
the same algorithm, iterations and thresholds as src/apps/seismic/pocs.ts (Abma & Kabir 2006):

    X = rfft(pad(d), NT) per trace (missing traces zero), on NX >= nx traces (extra ones missing)
    c_max = max |fft_x(X)|
    for k < K:  lam = c_max * (pmax + (pmin - pmax) k / (K - 1))     (or exponential)
                C = fft_x(X);  C[|C| < lam] = 0;  X[missing] = ifft_x(C)[missing]
    x = irfft(X)[:nx, :nt], kept traces as given

With POCS_STAGED=1 in the environment the peer also skips the iterations that change nothing
(staged activation, as src/apps/seismic/pocs.ts does): from the zero-filled start, frequency f
is iterated only from the first k with max |C(:, f)| >= lam_k on; the result is the same. The
columns are reordered by start so that each iteration works on a slice (no fancy-index copies).

Usage: seismic_pocs.py <gather.f64> <mask.u8> <nx> <nt> <iters> <NX> <NT> [truth.f64]
The gather (float64 little-endian, [nx, nt], missing traces zero) and the mask (one byte per
trace) are the files the Candor side writes. With a truth file the peer reports the SNR over the
missing traces as its error. Only the interpolation is timed (single-threaded numpy).
"""
import os
import sys

from proto import missing, serve

try:
    import numpy as np
except ImportError:
    missing("python3-numpy")


def pocs_fx(d, kept, iters=100, pmax=0.99, pmin=0.01, schedule='linear', NX=None, NT=None, x0=None):
    """x0: optional warm start, the initial missing traces ([nx, nt]); c_max stays that of the zero-filled input."""
    nx, nt = d.shape
    NT = NT or 1 << (nt - 1).bit_length()
    NX = NX or nx
    X = np.zeros((NX, NT // 2 + 1), complex)
    X[:nx][kept] = np.fft.rfft(d[kept], n=NT, axis=1)
    miss = np.ones(NX, bool)
    miss[:nx] = ~kept
    cmax = np.abs(np.fft.fft(X, axis=0)).max()
    if x0 is not None:
        X[:nx][~kept] = np.fft.rfft(x0[~kept], n=NT, axis=1)
    for k in range(iters):
        t = k / (iters - 1) if iters > 1 else 1.0
        frac = pmax + (pmin - pmax) * t if schedule == 'linear' else pmax * (pmin / pmax) ** t
        C = np.fft.fft(X, axis=0)
        C[np.abs(C) < frac * cmax] = 0
        Y = np.fft.ifft(C, axis=0)
        X[miss] = Y[miss]
    out = np.fft.irfft(X[:nx], n=NT, axis=1)[:, :nt]
    out[kept] = d[kept]
    return out


def pocs_fx_staged(d, kept, iters=100, pmax=0.99, pmin=0.01, NX=None, NT=None):
    """pocs_fx (linear thresholds, cold start) iterating each frequency only from its first
    effective threshold on."""
    nx, nt = d.shape
    NT = NT or 1 << (nt - 1).bit_length()
    NX = NX or nx
    X = np.zeros((NX, NT // 2 + 1), complex)
    X[:nx][kept] = np.fft.rfft(d[kept], n=NT, axis=1)
    miss = np.ones(NX, bool)
    miss[:nx] = ~kept
    A0 = np.abs(np.fft.fft(X, axis=0))
    cmax = A0.max()
    peak = A0.max(axis=0)
    lams = [cmax * (pmax + (pmin - pmax) * (k / (iters - 1) if iters > 1 else 1.0)) for k in range(iters)]
    start = np.array([next((k for k in range(iters) if p >= lams[k]), iters) for p in peak])
    order = np.argsort(start, kind='stable')
    Xs = np.ascontiguousarray(X[:, order])
    counts = np.searchsorted(start[order], np.arange(iters), side='right')
    for k in range(iters):
        n = counts[k]
        if n == 0:
            continue
        C = np.fft.fft(Xs[:, :n], axis=0)
        C[np.abs(C) < lams[k]] = 0
        Y = np.fft.ifft(C, axis=0)
        Xs[miss, :n] = Y[miss]
    X[:, order] = Xs
    out = np.fft.irfft(X[:nx], n=NT, axis=1)[:, :nt]
    out[kept] = d[kept]
    return out


def missing_snr(rec, truth, kept):
    m = ~kept
    return float(10 * np.log10(np.sum(truth[m] ** 2) / np.sum((rec[m] - truth[m]) ** 2)))


def main():
    path, mpath, nx, nt, iters, NX, NT = sys.argv[1:8]
    nx, nt, iters, NX, NT = int(nx), int(nt), int(iters), int(NX), int(NT)
    d = np.fromfile(path, dtype='<f8').reshape(nx, nt)
    kept = np.fromfile(mpath, dtype='u1').astype(bool)
    staged = os.environ.get('POCS_STAGED') == '1'
    run = pocs_fx_staged if staged else pocs_fx
    err = None
    if len(sys.argv) > 8:
        truth = np.fromfile(sys.argv[8], dtype='<f8').reshape(nx, nt)
        err = missing_snr(run(d, kept, iters, NX=NX, NT=NT), truth, kept)
    name = f"numpy {np.__version__} POCS f-k" + (", staged activation" if staged else "")
    serve(lambda: run(d, kept, iters, NX=NX, NT=NT), peer=name, error=err)


if __name__ == "__main__":
    main()

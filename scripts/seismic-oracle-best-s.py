"""The strongest f-k support oracle for the +6 dB acceptance point (docs/seismic.md): at every
temporal frequency of the unpadded rfft of the traces, least squares on the S wavenumbers (of NX,
traces zero-padded as POCS pads them) where the complete gather's coefficients are largest, with
S = 1 .. kept - 1 chosen per frequency to minimise the true error on the missing traces. No sparse
f-k method that fits the kept traces on a support of the largest true coefficients can do better
at any frequency. 50% of the traces removed (random or jittered, first and last kept; numpy
masks, seeds 0-9 on the F3 inline 122, 0-2 on the Viking Graben gather); the gain is over
trace-wise linear interpolation (np.interp) on the same masks. A numpy prototype (the library's
fixed-S oracle is src/apps/seismic/bounds.ts `supportOracle`), not part of the library.

Run: /usr/bin/python3 scripts/seismic-oracle-best-s.py
"""
import os

import numpy as np
import segyio

ROOT = os.path.join(os.path.dirname(__file__), '..', '..', 'shared', 'data', 'seismic')
with segyio.open(os.path.join(ROOT, 'segyio_f3.sgy')) as f:
    cube = segyio.tools.cube(f).astype(np.float64)
VG = np.load(os.path.join(ROOT, 'pylops_mobil_viking_graben_crg.npy')).astype(float)


def pad(n):
    """The POCS padding: the next power of two with at least n/16 extra traces."""
    m = n + -(-n // 16)
    return 1 << (m - 1).bit_length()


def mask(n, rng, pattern):
    m = np.zeros(n, bool)
    m[0] = m[-1] = True
    k = round(n / 2)
    if pattern == 'random':
        m[1 + rng.permutation(n - 2)[:k - 2]] = True
    else:
        for j in range(1, k - 1):
            lo, hi = round(j * n / k), round((j + 1) * n / k)
            m[lo + rng.integers(max(1, hi - lo))] = True
    return m


def linear(d, kept):
    idx = np.where(kept)[0]
    out = d.copy()
    for j in range(d.shape[1]):
        out[~kept, j] = np.interp(np.where(~kept)[0], idx, d[idx, j])
    return out


def best_s(truth, kept):
    nx, nt = truth.shape
    NX = pad(nx)
    X = np.fft.rfft(truth, axis=1)
    C = np.fft.fft(X, n=NX, axis=0)
    x = np.arange(nx)
    K = np.where(kept)[0]
    M = np.where(~kept)[0]
    out = X.copy()
    for f in range(X.shape[1]):
        order = np.argsort(-np.abs(C[:, f]), kind='stable')
        best = None
        for s in range(1, len(K)):
            E = np.exp(2j * np.pi * np.outer(x, order[:s]) / NX)
            a = np.linalg.lstsq(E[K], X[K, f], rcond=None)[0]
            est = E[M] @ a
            e = np.sum(np.abs(est - X[M, f]) ** 2)
            if best is None or e < best[0]:
                best = (e, est)
        out[M, f] = best[1]
    return np.fft.irfft(out, n=nt, axis=1)


def snr(r, t, kept):
    return 10 * np.log10(np.sum(t[~kept] ** 2) / np.sum((r[~kept] - t[~kept]) ** 2))


def main():
    print('| gather | pattern | best-S support oracle: gain over linear, median (min .. max) dB |')
    print('|---|---|---|')
    for name, g, seeds in (('F3 inline 122', cube[11], 10), ('Viking Graben', VG, 3)):
        for pattern in ('random', 'jitter'):
            gains = []
            for seed in range(seeds):
                kept = mask(g.shape[0], np.random.default_rng(seed), pattern)
                gains.append(snr(best_s(g, kept), g, kept) - snr(linear(g * kept[:, None], kept), g, kept))
            print(f'| {name} | {pattern} | {np.median(gains):+.2f} ({min(gains):+.2f} .. {max(gains):+.2f}) |', flush=True)


if __name__ == '__main__':
    main()

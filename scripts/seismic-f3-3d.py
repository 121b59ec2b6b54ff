"""What the F3 crop would need (docs/seismic.md): 3-D POCS over the whole cube (23 inlines x 18
crosslines x 75 samples, ../shared/data/seismic/segyio_f3.sgy read with segyio) against the 2-D
method of the acceptance study, with 50% of the traces of every inline removed (random or
jittered, first and last trace of each inline kept; masks drawn with numpy, seeds 0-9). The 3-D
f-k-k transform also sees the crossline direction, along which neighbouring traces correlate
better (0.1-0.8 against 0-0.6 along the inline). The same POCS as src/apps/seismic/pocs.ts (linear
thresholds 0.99 -> 0.01 of the largest coefficient, 100 iterations, padding to powers of two with
at least n/16 extra traces). The SNR is over the missing traces, of inline 122 (the study's
panel) and of the whole cube; the gain is against trace-wise linear interpolation along each
inline. A numpy prototype, not part of the library: it changes the problem (a whole decimated
cube), so it answers "what would be needed", not the acceptance point.

Run: /usr/bin/python3 scripts/seismic-f3-3d.py
"""
import os

import numpy as np
import segyio

ROOT = os.path.join(os.path.dirname(__file__), '..')
F3 = os.path.join(ROOT, '..', 'shared', 'data', 'seismic', 'segyio_f3.sgy')


def pad(n):
    m = n + -(-n // 16)
    return 1 << (m - 1).bit_length()


def pocs(d, kept, iters=100, pmax=0.99, pmin=0.01):
    """POCS with hard f-k thresholds on an array whose last axis is time; kept: mask of the others."""
    shape = tuple(pad(s) for s in d.shape[:-1]) + (1 << (d.shape[-1] - 1).bit_length(),)
    obs = np.zeros(shape)
    obs[tuple(slice(0, s) for s in d.shape)] = d
    keep = np.zeros(shape[:-1], bool)
    keep[tuple(slice(0, s) for s in kept.shape)] = kept
    cmax = np.abs(np.fft.fftn(obs)).max()
    X = obs.copy()
    for k in range(iters):
        C = np.fft.fftn(X)
        C[np.abs(C) < (pmax + (pmin - pmax) * k / (iters - 1)) * cmax] = 0
        X = np.where(keep[..., None], obs, np.fft.ifftn(C).real)
    return X[tuple(slice(0, s) for s in d.shape)]


def linear(d, kept):
    idx = np.where(kept)[0]
    out = d.copy()
    for j in range(d.shape[1]):
        out[~kept, j] = np.interp(np.where(~kept)[0], idx, d[idx, j])
    return out


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


def snr(rec, truth, kept):
    miss = ~kept
    return 10 * np.log10(np.sum(truth[miss] ** 2) / np.sum((rec[miss] - truth[miss]) ** 2))


def main():
    with segyio.open(F3) as f:
        cube = segyio.tools.cube(f).astype(np.float64)
    print(f'F3 cube {cube.shape}; 50% of each inline removed; gains over linear interpolation along the inline (dB)')
    print('| pattern | 3-D POCS, cube: gain median (min .. max) | 3-D POCS, inline 122 | 2-D POCS, inline 122 |')
    print('|---|---|---|---|')
    for pattern in ('random', 'jitter'):
        g3, g3i, g2i = [], [], []
        for seed in range(10):
            rng = np.random.default_rng(seed)
            kept = np.array([mask(cube.shape[1], rng, pattern) for _ in range(cube.shape[0])])
            d = cube * kept[..., None]
            lin = np.array([linear(d[i], kept[i]) for i in range(cube.shape[0])])
            r3 = pocs(d, kept)
            r2 = pocs(d[11], kept[11])
            g3.append(snr(r3, cube, kept) - snr(lin, cube, kept))
            g3i.append(snr(r3[11], cube[11], kept[11]) - snr(lin[11], cube[11], kept[11]))
            g2i.append(snr(r2, cube[11], kept[11]) - snr(lin[11], cube[11], kept[11]))
        s = lambda v: f'{np.median(v):.2f} ({min(v):.2f} .. {max(v):.2f})'  # noqa: E731
        print(f'| {pattern} | {s(g3)} | {s(g3i)} | {s(g2i)} |')


if __name__ == '__main__':
    main()

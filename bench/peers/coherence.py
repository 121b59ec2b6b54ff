"""Peer for bench/groups/coherence.ts: mutual coherence of a 2-D partial Fourier mask by its PSF
with numpy (pocketfft): mu = max_{d != 0} |ifft2(mask)(d)| * n / m.

Usage: coherence.py <mask.bin (uint8, row-major s*s)> <s>. Times only the PSF computation; reports
as its error the absolute difference to the coherence Candor wrote beside the mask file.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from proto import missing, serve  # noqa: E402

try:
    import numpy as np
except ImportError:
    missing("python3-numpy")

path, s = sys.argv[1], int(sys.argv[2])
mask = np.fromfile(path, dtype=np.uint8).reshape(s, s).astype(np.float64)
m = mask.sum()
n = s * s


def coherence():
    p = np.abs(np.fft.ifft2(mask)) * (n / m)
    p[0, 0] = 0.0
    return p.max()


ours = json.load(open(path.replace(".bin", ".json")))["coherence"]
serve(coherence, peer=f"numpy {np.__version__} ifft2", error=abs(coherence() - ours))

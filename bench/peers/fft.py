"""Peer for bench/groups/core/fft.ts: numpy.fft.fft / fft2 (pocketfft) and scipy.fft.dct.

Usage: fft.py <fft1d|fft2d|dct> <input.f64> <ny> <nx> <out.f64>
The input (float64 little-endian; complex interleaved re/im for fft1d/fft2d, real for dct;
row-major ny x nx, ny = 1 in 1-D) is the exact array the Candor side transforms. The peer writes
its transform (same layout) to <out.f64> so the Candor side can report the agreement, and reports
its own round-trip error max|inv(fwd(x)) - x| / max|x|. Only the forward call is timed,
single-threaded (numpy's pocketfft is single-threaded; scipy.fft runs with workers=1).
"""
import sys

from proto import missing, serve

try:
    import numpy as np
except ImportError:
    missing("python3-numpy")


def main():
    kind, path, ny, nx, out_path = sys.argv[1:6]
    ny, nx = int(ny), int(nx)
    raw = np.fromfile(path, dtype="<f8")
    if kind == "dct":
        try:
            import scipy
            import scipy.fft
        except ImportError:
            missing("python3-scipy")
        x = raw.copy()

        def call():
            return scipy.fft.dct(x, type=2, norm="ortho", workers=1)

        def inv(y):
            return scipy.fft.dct(y, type=3, norm="ortho", workers=1)

        name = f"scipy.fft.dct {scipy.__version__} (numpy {np.__version__})"
    else:
        z = raw[0::2] + 1j * raw[1::2]
        x = z if kind == "fft1d" else z.reshape(ny, nx)
        fwd, inv = (np.fft.fft, np.fft.ifft) if kind == "fft1d" else (np.fft.fft2, np.fft.ifft2)

        def call():
            return fwd(x)

        name = f"numpy.fft {np.__version__} (pocketfft)"
    y = call()
    err = float(np.max(np.abs(inv(y) - x)) / np.max(np.abs(x)))
    if kind == "dct":
        flat = y
    else:
        flat = np.empty(2 * y.size)
        flat[0::2] = y.real.ravel()
        flat[1::2] = y.imag.ravel()
    flat.astype("<f8").tofile(out_path)
    serve(call, peer=name, error=err)


if __name__ == "__main__":
    main()

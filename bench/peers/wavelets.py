"""Peer for bench/groups/core/wavelets.ts: PyWavelets wavedec2 then waverec2, mode 'periodization'.

Usage: wavelets.py <input.f64> <ny> <nx> <wavelet> <level> <real|complex> <coeffs-out.f64>
The input (float64 little-endian, row-major; complex interleaved re/im) is the exact array the
Candor side transforms. The peer writes its coeffs_to_array layout to <coeffs-out.f64> so the
Candor side can report the agreement, and reports its own reconstruction error. Only the
wavedec2 + waverec2 call is timed (single-threaded).
"""
import sys

from proto import missing, serve

try:
    import numpy as np
    import pywt
except ImportError:
    missing("python3-pywt")


def main():
    path, ny, nx, wavelet, level, kind, out_path = sys.argv[1:8]
    ny, nx, level = int(ny), int(nx), int(level)
    raw = np.fromfile(path, dtype="<f8")
    if kind == "complex":
        x = (raw[0::2] + 1j * raw[1::2]).reshape(ny, nx)
    else:
        x = raw.reshape(ny, nx)

    def call():
        c = pywt.wavedec2(x, wavelet, mode="periodization", level=level)
        return pywt.waverec2(c, wavelet, mode="periodization")

    arr, _ = pywt.coeffs_to_array(pywt.wavedec2(x, wavelet, mode="periodization", level=level))
    if kind == "complex":
        flat = np.empty(2 * ny * nx)
        flat[0::2] = arr.real.ravel()
        flat[1::2] = arr.imag.ravel()
    else:
        flat = arr.ravel()
    flat.astype("<f8").tofile(out_path)
    rec = call()
    err = float(np.max(np.abs(rec - x)) / np.max(np.abs(x)))
    serve(call, peer=f"PyWavelets {pywt.__version__} (numpy {np.__version__})", error=err)


if __name__ == "__main__":
    main()

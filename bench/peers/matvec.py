"""Peer for bench/groups/core/matvec.ts: numpy dense matrix-vector products (OpenBLAS dgemv).

Usage: matvec.py <N|T> <A.f64> <vec.f64> <rows> <cols> <out.f64>
A (float64 little-endian, row-major rows x cols) and the vector are the exact arrays the Candor
side multiplies. N: out = A @ x; T: out = A.T @ y. The product goes into a preallocated output
(np.dot(..., out=)), as Candor's gemv does; only that call is timed, with the BLAS thread count
set to 1 by the harness (OPENBLAS_NUM_THREADS=1). The result is written to <out.f64> so the
Candor side can report the agreement. Accuracy reference: the same product in numpy's long double
(x87 80-bit, 64-bit mantissa) arithmetic, written rounded to float64 to <out.f64>.ref.f64 (outside
the timed call); the peer reports its own error max|out - ref| / max|ref| against it.
"""
import sys

from proto import missing, serve

try:
    import numpy as np
except ImportError:
    missing("python3-numpy")


def main():
    kind, a_path, v_path, rows, cols, out_path = sys.argv[1:7]
    rows, cols = int(rows), int(cols)
    A = np.fromfile(a_path, dtype="<f8").reshape(rows, cols)
    v = np.fromfile(v_path, dtype="<f8")
    M = A if kind == "N" else A.T
    out = np.empty(M.shape[0])

    def call():
        return np.dot(M, v, out=out)

    call()
    out.astype("<f8").tofile(out_path)
    ref = M.astype(np.longdouble) @ v.astype(np.longdouble)
    ref.astype("<f8").tofile(out_path + ".ref.f64")
    err = float(np.max(np.abs(out - ref)) / np.max(np.abs(ref)))
    detail = f"reference in np.longdouble ({np.finfo(np.longdouble).nmant + 1}-bit mantissa)"
    serve(call, peer=f"numpy {np.__version__} (OpenBLAS dgemv, 1 thread)", error=err, detail=detail)


if __name__ == "__main__":
    main()

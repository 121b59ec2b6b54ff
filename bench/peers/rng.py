"""Peer for bench/groups/core/rng.ts: numpy's Generator.standard_normal (PCG64 bit generator,
256-layer ziggurat) filling a preallocated float64 buffer of n samples; only that call is timed.

Usage: rng.py <n>
Reports z = max(|mean| sqrt(n), |var - 1| sqrt(n / 2)) of one fill (the case's accuracy rule).
"""
import sys

from proto import missing, serve

try:
    import numpy as np
except ImportError:
    missing("python3-numpy")


def main():
    n = int(sys.argv[1])
    gen = np.random.default_rng(2024)
    out = np.empty(n)

    def call():
        gen.standard_normal(out=out)

    call()
    mean, var = float(out.mean()), float(out.var())
    z = max(abs(mean) * n**0.5, abs(var - 1) * (n / 2) ** 0.5)
    detail = f"mean {mean:.1e}, variance {var:.4f}"
    serve(call, peer=f"numpy {np.__version__} Generator(PCG64).standard_normal", error=z, detail=detail)


if __name__ == "__main__":
    main()

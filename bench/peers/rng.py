"""Peer for bench/groups/core/rng.ts: numpy's Generator.standard_normal (PCG64 bit generator,
256-layer ziggurat) filling a preallocated float64 buffer of n samples; only that call is timed.

Usage: rng.py <n>
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
    err = f"mean {out.mean():.1e}, var {out.var():.4f}"
    serve(call, peer=f"numpy {np.__version__} Generator(PCG64).standard_normal", error=err)


if __name__ == "__main__":
    main()

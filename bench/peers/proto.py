"""Line protocol for benchmark peers (see bench/harness.ts).

A peer script builds its problem, then calls serve(call, peer=..., error=...). The harness
writes `run <min_seconds>` lines; each answers one JSON line {"seconds": per-call time}, timing
`call` repeated until the batch lasts at least min_seconds (after the harness's warm-up run).
A peer with its own loop may add {"extra": {name: number}} to an answer (e.g. the time at each
thread count); the harness reports the medians. The first line is {"peer": name, "error": e,
"detail": text}: e is a number or null, in the units of the case's accuracy rule.
If an import fails, call missing() so the harness prints which Debian package to install.
"""
import json
import sys
import time


def missing(pkg):
    print(json.dumps({"missing": pkg}), flush=True)
    sys.exit(0)


def time_call(call, min_seconds):
    reps = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(reps):
            call()
        dt = time.perf_counter() - t0
        if dt >= min_seconds or reps >= 1 << 20:
            return dt / reps
        reps = max(reps * 2, int(reps * min_seconds * 1.2 / max(dt, 1e-6)) + 1)


def serve(call, peer, error=None, detail=None):
    """Serves the line protocol. `error` is the peer's error in the units of the case's accuracy
    rule (a number, or None); `detail` an optional sentence printed under the table."""
    hello = {"peer": peer, "error": error}
    if detail is not None:
        hello["detail"] = detail
    print(json.dumps(hello), flush=True)
    for line in sys.stdin:
        parts = line.split()
        if not parts or parts[0] == "quit":
            break
        if parts[0] == "run":
            s = time_call(call, float(parts[1]))
            print(json.dumps({"seconds": s}), flush=True)

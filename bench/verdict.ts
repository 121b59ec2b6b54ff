/**
 * The accuracy gate of a benchmark row (see ../shared/BENCHMARKS.md, "Equal work, equal accuracy").
 *
 * A row meets its target only when both hold: the median ratio ours/peer is at or under the
 * target, and ours reaches the case's stated accuracy rule (`accuracy.check(oursError,
 * peerError)`). The verdict says which part failed:
 *
 * | verdict         | when                                                                        |
 * |-----------------|-----------------------------------------------------------------------------|
 * | `ok`            | ratio <= target and the accuracy rule holds                                  |
 * | `slow`          | the accuracy rule holds, ratio > target                                      |
 * | `inaccurate`    | the accuracy rule fails (whatever the ratio: a fast wrong answer is no win) |
 * | `informational` | the row carries no target (ours vs ours, a different algorithm, a per-item |
 * |                 | interpreted loop, ours alone); accuracy is still judged and shown            |
 * | `peer missing`  | the row has a target but its peer is not installed                           |
 *
 * @example
 * judge({ target: 1, informational: null }, { ratio: 0.8, accuracyOk: true, peerMissing: false });
 * // { verdict: 'ok', meets: true }
 * judge({ target: 1, informational: null }, { ratio: 0.8, accuracyOk: false, peerMissing: false });
 * // { verdict: 'inaccurate', meets: false }
 */

export type Verdict = 'ok' | 'slow' | 'inaccurate' | 'informational' | 'peer missing';

/** How a case's accuracy is judged: the rule in words and the check that applies it. */
export interface AccuracyRule {
  /** The rule in a short sentence, e.g. "NRMSE <= BART's at the same iteration count". */
  rule: string;
  /**
   * Pass or fail from our error and the peer's (null when the peer is missing or reported none).
   * Returns null only when the rule cannot be judged (it needs the peer's error and there is none).
   */
  check: (ours: number | null, peer: number | null) => boolean | null;
}

/** What decides a verdict besides the measurements: the target (null: informational) and why. */
export interface Gate {
  target: number | null;
  informational: string | null;
}

export interface Measured {
  /** Median of the per-pair ratios ours/peer, or null without a peer. */
  ratio: number | null;
  accuracyOk: boolean | null;
  /** True when the case has a peer that is not installed. */
  peerMissing: boolean;
}

/** The verdict of one row and `meets_target` (null when the row carries no target or no peer). */
export function judge(g: Gate, m: Measured): { verdict: Verdict; meets: boolean | null } {
  if (g.informational !== null || g.target === null) return { verdict: 'informational', meets: null };
  if (m.peerMissing || m.ratio === null) return { verdict: 'peer missing', meets: null };
  if (m.accuracyOk !== true) return { verdict: 'inaccurate', meets: false };
  if (!(m.ratio <= g.target)) return { verdict: 'slow', meets: false };
  return { verdict: 'ok', meets: true };
}

/** Checks a case's gate fields once, before it runs: a target needs a peer, no target needs a reason. */
export function checkGate(name: string, g: Gate, hasPeer: boolean): void {
  if (g.target === null && !g.informational) {
    throw new Error(`bench case ${JSON.stringify(name)}: target: expected a ratio or an informational reason, got neither`);
  }
  if (g.target !== null && g.informational) {
    throw new Error(`bench case ${JSON.stringify(name)}: target: expected null for an informational row, got ${g.target}`);
  }
  if (g.target !== null && !(g.target > 0)) {
    throw new Error(`bench case ${JSON.stringify(name)}: target: expected a ratio > 0, got ${g.target}`);
  }
  if (g.target !== null && !hasPeer) {
    throw new Error(`bench case ${JSON.stringify(name)}: target: expected a peer to compare with, got none (mark the row informational)`);
  }
}

/** A number that is finite and at most `bound` (NaN, Infinity and null fail). */
export function atMost(x: number | null, bound: number): boolean {
  return x !== null && Number.isFinite(x) && x <= bound;
}

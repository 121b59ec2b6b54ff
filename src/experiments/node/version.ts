/** The running code's version: package version plus the git commit when run from a checkout. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let cached: string | null = null;

export function codeVersion(): string {
  if (cached) return cached;
  const root = new URL('../../../', import.meta.url);
  let v = 'unknown';
  try {
    v = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')).version;
  } catch {
    /* keep unknown */
  }
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no', 'src'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    if (sha) v += `+${sha}${dirty ? '-dirty' : ''}`;
  } catch {
    /* not a checkout */
  }
  cached = v;
  return v;
}

/**
 * The running code's version: the package's version, plus the git commit (and `-dirty` when
 * src/ has uncommitted changes) when run from the package's own checkout: `0.1.0+1a2b3c4`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

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
  // only the package's own checkout: an installed copy sits inside its user's repository, whose
  // commit is not ours
  if (existsSync(new URL('.git', root))) {
    try {
      const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'ignore'],
      })
        .toString()
        .trim();
      const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no', 'src'], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'ignore'],
      })
        .toString()
        .trim();
      if (sha) v += `+${sha}${dirty ? '-dirty' : ''}`;
    } catch {
      /* no git */
    }
  }
  cached = v;
  return v;
}

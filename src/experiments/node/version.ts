/**
 * The running code's version: the package's version, plus the git commit (and `-dirty` when
 * src/ has uncommitted changes) when run from the package's own checkout: `0.1.0+1a2b3c4`.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

let cached: string | null = null;
let pending: Promise<string> | null = null;

const root = new URL('../../../', import.meta.url);

/** The package's version from its package.json ('unknown' when unreadable). */
function packageVersion(): string {
  try {
    return JSON.parse(readFileSync(new URL('package.json', root), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

/** The running code's version (see the file comment); two git calls the first time, in a checkout. */
export function codeVersion(): string {
  if (cached) return cached;
  let v = packageVersion();
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

/** One git call's trimmed output, or null when git fails or is missing. */
function gitOut(args: string[]): Promise<string | null> {
  return new Promise((done) => {
    execFile('git', args, { cwd: root }, (err, stdout) => done(err ? null : String(stdout).trim()));
  });
}

/**
 * Starts finding {@link codeVersion} in the background: the two git calls run as child processes
 * while the command computes (a receipt needs the version only at the end; asking git then
 * blocked ~45 ms). Idempotent.
 */
export function prefetchCodeVersion(): void {
  if (cached || pending) return;
  pending = (async () => {
    let v = packageVersion();
    if (existsSync(new URL('.git', root))) {
      const [sha, dirty] = await Promise.all([gitOut(['rev-parse', '--short', 'HEAD']), gitOut(['status', '--porcelain', '--untracked-files=no', 'src'])]);
      if (sha && dirty !== null) v += `+${sha}${dirty ? '-dirty' : ''}`;
    }
    cached ??= v;
    return cached;
  })();
}

/** {@link codeVersion}, from the background calls of {@link prefetchCodeVersion} when they were started. */
export async function codeVersionAsync(): Promise<string> {
  if (cached) return cached;
  if (pending) return pending;
  return codeVersion();
}

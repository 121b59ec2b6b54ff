// `candor replay` against hostile or damaged receipts (issue 18 review): a replay runs only a
// command that writes receipts, rebuilt from the real command's options (unknown options, network
// options, flags hidden in positional arguments and non-text values refused with one line, exit 2),
// writes only into its own new folder (output options redirected, the original files' sha256
// checked by Python's hashlib before and after), stops a run past its time limit, takes volatile
// rules from the code (a receipt's own regular expression is refused, never run), hashes only
// regular files, hashes a CFL's .hdr beside its .cfl, and says when an original output is missing.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { candor, pySha256 } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'candor-cli-receipts-hostile-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const fx = (name: string) => new URL(`../fixtures/cli/${name}`, import.meta.url).pathname;

describe('recover --lambda auto --lambda-figure: the figure is an output, and a replay never writes outside its folder', () => {
  const d = join(dir, 'lam');
  mkdirSync(d);
  copyFileSync(fx('small_A.npy'), join(d, 'A.npy'));
  copyFileSync(fx('small_y.npy'), join(d, 'y.npy'));
  mkdirSync(join(d, 'lam'));
  const receipt = join(d, 'lam', 'x.npy.receipt.json');
  const victim = join(d, 'victim.svg');
  // biome-ignore lint/suspicious/noExplicitAny: a receipt edited as free JSON, as a hostile author would
  const edited = (name: string, edit: (rc: Record<string, any>) => void): string => {
    const rc = JSON.parse(readFileSync(receipt, 'utf8'));
    edit(rc);
    const p = join(d, name);
    writeFileSync(p, JSON.stringify(rc));
    return p;
  };
  const refused = (p: string, message: string) => {
    const before = readdirSync(d).length;
    const r = candor(['replay', p]);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr, `candor: ${message.replaceAll('$P', p)}\n`);
    assert.equal(readdirSync(d).length, before, 'no replay folder made');
  };

  before(() => {
    const r = candor(['recover', '--A', 'A.npy', '--y', 'y.npy', '--lambda', 'auto', '--lambda-figure', 'lam/fig.svg', '--out', 'lam/x.npy'], { cwd: d });
    assert.equal(r.code, 0, r.stderr);
    writeFileSync(victim, 'precious\n');
  });

  it('records the figure as an output of --lambda-figure; the replay writes its copy in the replay folder and compares it; the original is untouched', () => {
    const rc = JSON.parse(readFileSync(receipt, 'utf8'));
    assert.deepEqual(rc.command.roots, { out: 'lam/x.npy', lambdaFigure: 'lam/fig.svg' });
    assert.deepEqual(
      rc.outputs.map((o: { role: string; path: string; sha256: string }) => [o.role, o.path, o.sha256]),
      [
        ['out', 'x.npy', pySha256(join(d, 'lam', 'x.npy'))],
        ['lambdaFigure', 'fig.svg', pySha256(join(d, 'lam', 'fig.svg'))],
      ],
    );
    const fig = pySha256(join(d, 'lam', 'fig.svg'));
    const again = join(d, 'again');
    const r = candor(['replay', receipt, '--out', again]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `identical: 2 outputs replayed in ${again}\n`);
    assert.equal(pySha256(join(again, 'lambdaFigure-fig.svg')), fig);
    assert.equal(pySha256(join(d, 'lam', 'fig.svg')), fig);
  });

  it('an output option pointed elsewhere (--lambda-figure /victim.svg) is redirected into the replay folder: the file is not touched', () => {
    const p = edited('aimed.receipt.json', (rc) => {
      rc.command.options.lambdaFigure = { value: victim, arg: victim, source: 'cli', flag: '--lambda-figure <file>' };
      rc.command.roots.lambdaFigure = victim;
    });
    const again = join(d, 'aimed-again');
    const r = candor(['replay', p, '--out', again]);
    assert.ok(r.stderr.includes(` --lambda-figure=${join(again, 'lambdaFigure-victim.svg')} `), r.stderr);
    assert.equal(readFileSync(victim, 'utf8'), 'precious\n');
    assert.ok(existsSync(join(again, 'lambdaFigure-victim.svg')));
  });

  it('a command that writes no receipt (serve, bench, worker, replay) is refused', () => {
    for (const words of [['serve'], ['bench'], ['worker'], ['replay'], ['sweep', 'status'], ['rm', '-rf']]) {
      const p = edited(`words-${words[0]}.receipt.json`, (rc) => {
        rc.command.words = words;
      });
      refused(p, `receipt $P: field command.words: expected a candor command that writes receipts (one with --out; not serve, bench, worker or replay), got ${JSON.stringify(words.join(' '))}`);
    }
  });

  it('an unknown option, flags in the positional arguments, a non-text option value: refused', () => {
    refused(
      edited('unknown.receipt.json', (rc) => {
        rc.command.options.evil = { value: 'x', arg: 'x', source: 'cli', flag: '--out <file>' };
      }),
      'receipt $P: field command.options.evil: expected an option of candor recover, got an unknown option',
    );
    refused(
      edited('args.receipt.json', (rc) => {
        rc.command.args = ['--out', victim];
      }),
      'receipt $P: field command.args: expected at most 0 positional arguments (candor recover), got 2',
    );
    refused(
      edited('object.receipt.json', (rc) => {
        rc.command.options.target.arg = { toString: 'x' };
      }),
      'receipt $P: field command.options.target.arg: expected the text of the option (a string), got object',
    );
    // a value starting with "-" stays one word (--target=-x): the command refuses it, nothing is overwritten
    const p = edited('dash.receipt.json', (rc) => {
      rc.command.options.solver.arg = `--out=${victim}`;
    });
    const r = candor(['replay', p, '--out', join(d, 'dash-again')]);
    assert.equal(r.code, 1);
    assert.ok(r.stderr.includes(` --solver=--out=${victim} `), r.stderr);
    assert.equal(readFileSync(victim, 'utf8'), 'precious\n');
  });

  it('a receipt without its --out root is refused (nothing written into the original folder)', () => {
    const fig = pySha256(join(d, 'lam', 'fig.svg'));
    const x = pySha256(join(d, 'lam', 'x.npy'));
    refused(
      edited('noroots.receipt.json', (rc) => {
        rc.command.roots = {};
      }),
      'receipt $P: field command.roots.out: expected the --out path of the run (where its outputs and this receipt are), got null',
    );
    assert.equal(pySha256(join(d, 'lam', 'fig.svg')), fig);
    assert.equal(pySha256(join(d, 'lam', 'x.npy')), x);
  });

  it('volatile rules come from the code: a receipt-supplied regular expression (ReDoS) is refused, never run', () => {
    refused(
      edited('redos.receipt.json', (rc) => {
        rc.volatile = ['x.npy:~(.*)*!'];
      }),
      'receipt $P: field volatile: expected only the declared volatile fields of candor recover (src/cli/receipts.ts: none), got "x.npy:~(.*)*!"',
    );
  });

  it('inputs must be regular files (/dev/zero is refused, not hashed forever); outputs stay inside their root', () => {
    refused(
      edited('devzero.receipt.json', (rc) => {
        rc.inputs = [{ role: '--A', path: '/dev/zero', sha256: '0'.repeat(64), bytes: 1 }];
      }),
      'receipt: file /dev/zero: expected a regular file (inputs and outputs are files), got a character device',
    );
    refused(
      edited('climb.receipt.json', (rc) => {
        rc.outputs[0].path = '../../etc/passwd';
      }),
      'receipt $P: field outputs[0].path: expected a path inside its output root (relative, without ".."), got "../../etc/passwd"',
    );
  });

  it('a receipt nested 100,000 deep, /dev/null: one clear line each', () => {
    const deep = join(d, 'deep.receipt.json');
    writeFileSync(deep, `${'['.repeat(100000)}${']'.repeat(100000)}`);
    refused(deep, 'receipt $P: contents: expected JSON nested at most 32 deep (a receipt.json written by candor), got nesting 100000 deep');
    const r = candor(['replay', '/dev/null']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'candor: receipt /dev/null: file: expected a readable receipt.json, got a character device\n');
  });

  it('a run past its time limit is stopped with a clear message (--timeout)', () => {
    const r = candor(['replay', receipt, '--timeout', '0.001', '--out', join(d, 'slow')]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim().split('\n').pop(), `candor replay: re-run: expected to finish within 0.001 s (--timeout), got still running after 0.001 s: stopped (its partial outputs are in ${join(d, 'slow')})`);
    const bad = candor(['replay', receipt, '--timeout', '0']);
    assert.equal(bad.code, 2);
  });
});

describe('sweep run --queue in a receipt: refused (a replay never reaches the network)', () => {
  it('names the option and its value', () => {
    const d = join(dir, 'queue');
    mkdirSync(d);
    const p = join(d, 'receipt.json');
    const rc = JSON.parse(readFileSync(join(dir, 'lam', 'lam', 'x.npy.receipt.json'), 'utf8'));
    rc.command = { ...rc.command, words: ['sweep', 'run'], args: [], cwd: d, roots: { out: 'rep' }, outKind: 'dir', options: { queue: { value: 'redis://evil:6379', arg: 'redis://evil:6379', source: 'cli', flag: '--queue <url>' } } };
    rc.inputs = [];
    rc.outputs = [];
    rc.volatile = [];
    writeFileSync(p, JSON.stringify(rc));
    const r = candor(['replay', p]);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr, `candor: receipt ${p}: option --queue: expected no option that reaches the network (a replay runs on this machine only), got "redis://evil:6379"\n`);
  });
});

describe('mri recon: the CFL .hdr beside the .cfl is an input; missing originals are said and compared with the recorded hashes', () => {
  const sim = join(dir, 'sim');
  const rec = join(dir, 'rec');
  const receipt = join(rec, 'receipt.json');
  before(() => {
    let r = candor(['mri', 'simulate', '--size', '32', '--seed', '3', '--out', sim]);
    assert.equal(r.code, 0, r.stderr);
    r = candor(['mri', 'recon', '--kspace', join(sim, 'kspace.cfl'), '--truth', join(sim, 'truth.cfl'), '--iters', '5', '--out', rec]);
    assert.equal(r.code, 0, r.stderr);
  });

  it('a changed kspace.hdr is refused up front', () => {
    const hdr = join(sim, 'kspace.hdr');
    const rc = JSON.parse(readFileSync(receipt, 'utf8'));
    assert.deepEqual(
      rc.inputs.map((f: { role: string; path: string; sha256: string }) => [f.role, f.path, f.sha256]),
      [
        ['--kspace', join(sim, 'kspace.cfl'), pySha256(join(sim, 'kspace.cfl'))],
        ['--kspace (beside)', hdr, pySha256(hdr)],
        ['--truth', join(sim, 'truth.cfl'), pySha256(join(sim, 'truth.cfl'))],
        ['--truth (beside)', join(sim, 'truth.hdr'), pySha256(join(sim, 'truth.hdr'))],
      ],
    );
    const text = readFileSync(hdr, 'utf8');
    const old = pySha256(hdr);
    writeFileSync(hdr, `${text}# edited\n`);
    try {
      const r = candor(['replay', receipt]);
      assert.equal(r.code, 1);
      assert.equal(r.stderr, `candor replay: input ${hdr} (--kspace (beside)) changed: expected sha256 was ${old}, got sha256 is now ${pySha256(hdr)}\n`);
    } finally {
      writeFileSync(hdr, text);
    }
  });

  it('deleted error.png and recon.json: "the original is missing", compared with the recorded sha256 and masked sha256', () => {
    rmSync(join(rec, 'error.png'));
    const json = readFileSync(join(rec, 'recon.json'), 'utf8');
    rmSync(join(rec, 'recon.json'));
    const r = candor(['replay', receipt, '--out', join(dir, 'rec-missing')]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      `identical: 7 outputs replayed in ${join(dir, 'rec-missing')} (declared volatile: recon.json:$.files, recon.json:$.seconds)\n` +
        `  note error.png: the original ${join(rec, 'error.png')} is missing (compared with the recorded sha256)\n` +
        `  note recon.json: the original ${join(rec, 'recon.json')} is missing (compared with the recorded masked sha256, declared volatile fields left out)\n`,
    );
    // the masked hash is sensitive: a changed metric in the replay's recon.json would differ
    const rc = JSON.parse(readFileSync(receipt, 'utf8'));
    const entry = rc.outputs.find((o: { path: string }) => o.path === 'recon.json');
    delete entry.maskedSha256;
    const p = join(rec, 'nomask.json'); // beside the outputs, as the original receipt
    writeFileSync(p, JSON.stringify(rc));
    const n = candor(['replay', p, '--out', join(dir, 'rec-nomask')]);
    assert.equal(n.code, 1);
    assert.equal(n.stdout.split('\n')[0], `differs: recon.json: the original ${join(rec, 'recon.json')} is missing and the receipt records no masked hash: cannot be compared (it has declared volatile fields)`);
    writeFileSync(join(rec, 'recon.json'), json);
  });
});

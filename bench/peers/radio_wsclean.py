"""WSClean peer for radio imaging: UVFITS -> Measurement Set (python3-casacore) -> wsclean.

Usage:
  radio_wsclean.py UVFITS --size N --cell ANGLE --out DIR [--mode hogbom|iuwt] [--niter K]
                   [--weight natural|uniform|briggs:R] [--threads T] [--gain G] [--mgain M]
                   [--padding P] [--auto-threshold S] [--serve]

  ANGLE as Candor reads it: 2uas, 0.1mas, 1arcsec. One run prints one JSON line: the images
  (DIR/wsclean-image.fits, -residual, -psf, -dirty, -model), the MS conversion time, WSClean's
  whole-run wall time (process start to exit), the command, and WSClean's version; with --truth
  the error is the NRMSE of the restored image (divided by its beam area, Jy/pixel) against it. With --serve it then speaks bench/peers/proto.py's line protocol,
  timing the whole wsclean run (the MS is converted once, outside the timing).

The Measurement Set: one row per (group, IF) of the UVFITS random groups, DATA_DESC_ID = IF (one
spectral window per IF, channel frequencies CRVAL4 + (c + 1 - CRPIX4) CDELT4 + IF FREQ), UVW in
metres = UU/VV/WW (light seconds) x c, TIME = (JD - 2400000.5) 86400 s, the Stokes axis mapped
to MS correlation types (RR 5, RL 6, LR 7, LL 8, XX 9, XY 10, YX 11, YY 12, I 1), FLAG where the
weight is <= 0 or not finite, WEIGHT_SPECTRUM = the UVFITS weights (0 where flagged), antennas
from AIPS AN (NOSTA numbers mapped to rows), the phase centre from the RA/DEC axes. FITS arrays
are big-endian: they are converted to native order before putcol. wsclean runs with -pol I (it
forms I = (RR + LL)/2 or (XX + YY)/2 itself) and OPENBLAS_NUM_THREADS=1 (needed here).
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from proto import missing  # noqa: E402

try:
    import numpy as np
    from astropy.io import fits
except ImportError:
    missing('python3-astropy')
try:
    from casacore.tables import default_ms, default_ms_subtable, makearrcoldesc, maketabdesc, table
except ImportError:
    missing('python3-casacore')
if shutil.which('wsclean') is None:
    missing('wsclean')

C = 299792458.0
UNITS = {'rad': 1.0, 'deg': np.pi / 180, 'arcmin': np.pi / 180 / 60, 'arcsec': np.pi / 180 / 3600,
         'mas': np.pi / 180 / 3600e3, 'uas': np.pi / 180 / 3600e6}
CORR = {1: 1, -1: 5, -3: 6, -4: 7, -2: 8, -5: 9, -7: 10, -8: 11, -6: 12}


def angle(text):
    m = re.fullmatch(r'\s*([0-9.eE+-]+)\s*([a-z]+)\s*', text)
    if not m or m.group(2) not in UNITS:
        raise SystemExit(f'radio_wsclean: --cell: expected a number with a unit (uas, mas, arcsec, arcmin, deg, rad), got {text!r}')
    return float(m.group(1)) * UNITS[m.group(2)]


def native(a, dtype):
    return np.ascontiguousarray(np.asarray(a).astype(dtype, copy=False).astype(np.dtype(dtype).newbyteorder('=')))


def uvfits_to_ms(path, ms):
    with fits.open(path) as h:
        d = h[0].data
        hdr = h[0].header
        names = [n.upper() for n in d.parnames]
        base = [re.sub(r'-.*$', '', n) for n in names]
        par = lambda b: sum(np.asarray(d.field(i), dtype=np.float64) for i, x in enumerate(base) if x == b)  # noqa: E731
        uu, vv, ww = par('UU'), par('VV'), par('WW') if 'WW' in base else 0 * par('UU')
        jd = par('DATE') + (par('_DATE') if '_DATE' in base else 0)
        if 'ANTENNA1' in base:
            a1, a2 = par('ANTENNA1').astype(int), par('ANTENNA2').astype(int)
        else:
            bl = np.floor(par('BASELINE')).astype(int)
            a1, a2 = np.where(bl > 65535, (bl - 65536) // 2048, bl // 256), np.where(bl > 65535, (bl - 65536) % 2048, bl % 256)
        inttim = par('INTTIM') if 'INTTIM' in base else np.ones(len(d))
        arr = np.asarray(d.data, dtype=np.float64)  # (G, DEC, RA, IF, FREQ, STOKES, COMPLEX)
        axes = {str(hdr.get(f'CTYPE{i}', '')).strip(): i for i in range(2, hdr['NAXIS'] + 1)}
        if axes.get('COMPLEX') != 2 or axes.get('STOKES') != 3 or axes.get('FREQ') != 4:
            raise SystemExit(f'radio_wsclean: {path}: expected axes COMPLEX, STOKES, FREQ first, got {axes}')
        arr = arr.reshape(len(d), -1, *arr.shape[-3:]) if 'IF' in axes else arr.reshape(len(d), 1, *arr.shape[-3:])
        nif, nchan, nstokes = arr.shape[1], arr.shape[2], arr.shape[3]
        ref, crpix, cdelt = float(hdr['CRVAL4']), float(hdr['CRPIX4']), float(hdr['CDELT4'])
        stokes = [int(round(hdr['CRVAL3'] + (s + 1 - hdr['CRPIX3']) * hdr['CDELT3'])) for s in range(nstokes)]
        ra = float(hdr['CRVAL' + str(axes['RA'])]) if 'RA' in axes else float(hdr['OBSRA'])
        dec = float(hdr['CRVAL' + str(axes['DEC'])]) if 'DEC' in axes else float(hdr['OBSDEC'])
        an = h['AIPS AN'].data
        an_names = [str(x).strip() for x in an['ANNAME']]
        an_xyz = native(an['STABXYZ'], np.float64)
        an_num = [int(x) for x in an['NOSTA']] if 'NOSTA' in an.columns.names else list(range(1, len(an) + 1))
        try:
            ifreq = np.asarray(h['AIPS FQ'].data['IF FREQ'][0], dtype=np.float64).ravel()
        except KeyError:
            ifreq = np.zeros(nif)
        obj = str(hdr.get('OBJECT', '')).strip()
        tel = str(hdr.get('TELESCOP', '')).strip()
    row_of = {n: i for i, n in enumerate(an_num)}
    keep = np.array([a in row_of and b in row_of and a != b for a, b in zip(a1, a2)])
    g_idx = np.nonzero(keep)[0]
    ng = len(g_idx)
    nrow = ng * nif
    if os.path.exists(ms):
        shutil.rmtree(ms)
    desc = maketabdesc([makearrcoldesc('DATA', 0j, ndim=2, valuetype='complex'),
                        makearrcoldesc('WEIGHT_SPECTRUM', 0.0, ndim=2, valuetype='float')])
    t = default_ms(ms, desc)
    t.addrows(nrow)
    g = np.repeat(g_idx, nif)
    ifs = np.tile(np.arange(nif), ng)
    vis = arr[g, ifs]  # (rows, FREQ, STOKES, COMPLEX)
    w = vis[..., 2] if vis.shape[-1] > 2 else np.ones(vis.shape[:-1])
    flag = ~(np.isfinite(w) & (w > 0) & np.isfinite(vis[..., 0]) & np.isfinite(vis[..., 1]))
    data = np.where(flag, 0, vis[..., 0] + 1j * vis[..., 1])
    wt = np.where(flag, 0, w)
    t.putcol('UVW', native(np.stack([uu[g], vv[g], ww[g]], axis=1) * C, np.float64))
    t.putcol('ANTENNA1', native([row_of[a] for a in a1[g]], np.int32))
    t.putcol('ANTENNA2', native([row_of[a] for a in a2[g]], np.int32))
    tm = (jd[g] - 2400000.5) * 86400
    t.putcol('TIME', native(tm, np.float64))
    t.putcol('TIME_CENTROID', native(tm, np.float64))
    t.putcol('INTERVAL', native(inttim[g], np.float64))
    t.putcol('EXPOSURE', native(inttim[g], np.float64))
    t.putcol('DATA_DESC_ID', native(ifs, np.int32))
    t.putcol('DATA', native(data, np.complex64))
    t.putcol('FLAG', np.ascontiguousarray(flag))
    t.putcol('FLAG_ROW', np.ascontiguousarray(flag.all(axis=(1, 2))))
    t.putcol('WEIGHT_SPECTRUM', native(wt, np.float32))
    t.putcol('WEIGHT', native(wt.mean(axis=1), np.float32))
    t.putcol('SIGMA', native(np.where(wt.mean(axis=1) > 0, 1 / np.sqrt(np.maximum(wt.mean(axis=1), 1e-30)), 0), np.float32))
    t.close()
    a = table(ms + '/ANTENNA', readonly=False, ack=False)
    a.addrows(len(an_names))
    a.putcol('NAME', an_names)
    a.putcol('STATION', an_names)
    a.putcol('POSITION', an_xyz)
    a.putcol('DISH_DIAMETER', native(np.full(len(an_names), 25.0), np.float64))
    a.putcol('TYPE', ['GROUND-BASED'] * len(an_names))
    a.putcol('MOUNT', ['ALT-AZ'] * len(an_names))
    a.close()
    sw = table(ms + '/SPECTRAL_WINDOW', readonly=False, ack=False)
    sw.addrows(nif)
    for i in range(nif):
        f = ref + ifreq[i] + (np.arange(nchan) + 1 - crpix) * cdelt
        sw.putcell('CHAN_FREQ', i, native(f, np.float64))
        sw.putcell('CHAN_WIDTH', i, native(np.full(nchan, abs(cdelt)), np.float64))
        sw.putcell('EFFECTIVE_BW', i, native(np.full(nchan, abs(cdelt)), np.float64))
        sw.putcell('RESOLUTION', i, native(np.full(nchan, abs(cdelt)), np.float64))
        sw.putcell('NUM_CHAN', i, nchan)
        sw.putcell('REF_FREQUENCY', i, float(f[0]))
        sw.putcell('TOTAL_BANDWIDTH', i, float(abs(cdelt) * nchan))
        sw.putcell('NAME', i, f'IF{i + 1}')
    sw.close()
    pol = table(ms + '/POLARIZATION', readonly=False, ack=False)
    pol.addrows(1)
    pol.putcell('NUM_CORR', 0, nstokes)
    pol.putcell('CORR_TYPE', 0, native([CORR[s] for s in stokes], np.int32))
    prod = {1: (0, 0), -1: (0, 0), -2: (1, 1), -3: (0, 1), -4: (1, 0), -5: (0, 0), -6: (1, 1), -7: (0, 1), -8: (1, 0)}
    pol.putcell('CORR_PRODUCT', 0, native([prod[s] for s in stokes], np.int32))
    pol.close()
    dd = table(ms + '/DATA_DESCRIPTION', readonly=False, ack=False)
    dd.addrows(nif)
    dd.putcol('SPECTRAL_WINDOW_ID', native(np.arange(nif), np.int32))
    dd.putcol('POLARIZATION_ID', native(np.zeros(nif), np.int32))
    dd.close()
    fld = table(ms + '/FIELD', readonly=False, ack=False)
    fld.addrows(1)
    direction = native([[np.radians(ra), np.radians(dec)]], np.float64)
    for col in ('PHASE_DIR', 'DELAY_DIR', 'REFERENCE_DIR'):
        fld.putcell(col, 0, direction)
    fld.putcell('NAME', 0, obj or 'FIELD')
    fld.close()
    obs = table(ms + '/OBSERVATION', readonly=False, ack=False)
    obs.addrows(1)
    obs.putcell('TELESCOPE_NAME', 0, tel or 'VLBI')
    obs.putcell('TIME_RANGE', 0, native([tm.min(), tm.max()], np.float64))
    obs.close()
    return {'rows': nrow, 'ifs': nif, 'channels': nchan, 'stokes': stokes, 'flagged': int(flag.sum()), 'samples': int(flag.size)}


def wsclean_cmd(ms, out, a):
    cmd = ['wsclean', '-quiet', '-name', os.path.join(out, 'wsclean'), '-size', str(a.size), str(a.size),
           '-scale', f'{np.degrees(angle(a.cell)) * 3600:.12g}asec', '-pol', 'I', '-j', str(a.threads),
           '-niter', str(a.niter), '-gain', str(a.gain), '-mgain', str(a.mgain), '-make-psf', '-no-update-model-required', '-reorder']
    if a.weight.startswith('briggs'):
        cmd += ['-weight', 'briggs', a.weight.split(':')[1] if ':' in a.weight else '0']
    else:
        cmd += ['-weight', a.weight]
    if a.padding is not None:
        cmd += ['-padding', str(a.padding)]
    if a.mode == 'iuwt':
        cmd += ['-iuwt']
    if a.auto_threshold is not None:
        cmd += ['-auto-threshold', str(a.auto_threshold)]
    return cmd + [ms]


def run(cmd):
    env = dict(os.environ, OPENBLAS_NUM_THREADS='1')
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    dt = time.perf_counter() - t0
    if r.returncode != 0:
        raise SystemExit(f'radio_wsclean: wsclean failed ({r.returncode}): {(r.stderr or r.stdout).strip()[-2000:]}')
    return dt


def main():
    p = argparse.ArgumentParser()
    p.add_argument('uvfits')
    p.add_argument('--size', type=int, required=True)
    p.add_argument('--cell', required=True)
    p.add_argument('--out', required=True)
    p.add_argument('--mode', choices=['hogbom', 'iuwt'], default='hogbom')
    p.add_argument('--niter', type=int, default=1000)
    p.add_argument('--weight', default='natural')
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--gain', type=float, default=0.1)
    p.add_argument('--mgain', type=float, default=1.0)
    p.add_argument('--padding', type=float, default=None, help="wsclean -padding (default: WSClean's 1.2)")
    p.add_argument('--auto-threshold', type=float, default=None, help='wsclean -auto-threshold (stop at this many sigma of the residual)')
    p.add_argument('--truth', default=None, help='raw float64 N x N truth (Jy/pixel, row 0 south, column 0 east): the error is the NRMSE of the restored image divided by its beam area')
    p.add_argument('--serve', action='store_true')
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    ms = os.path.join(a.out, 'vis.ms')
    t0 = time.perf_counter()
    info = uvfits_to_ms(a.uvfits, ms)
    t_ms = time.perf_counter() - t0
    cmd = wsclean_cmd(ms, a.out, a)
    t_run = run(cmd)
    v = subprocess.run(['wsclean', '--version'], capture_output=True, text=True, env=dict(os.environ, OPENBLAS_NUM_THREADS='1'))
    m = re.search(r'WSClean version (\S+)', v.stdout + v.stderr)
    version = m.group(1) if m else 'unknown'
    images = {k: os.path.join(a.out, f'wsclean-{k}.fits') for k in ('image', 'residual', 'psf', 'dirty', 'model')}
    peer = f'wsclean {version} {"-iuwt" if a.mode == "iuwt" else "Hogbom"} -niter {a.niter}{"" if a.auto_threshold is None else f" -auto-threshold {a.auto_threshold}"} -j {a.threads} (OPENBLAS_NUM_THREADS=1)'
    error = None
    if a.truth:
        truth = np.fromfile(a.truth, dtype='<f8').reshape(a.size, a.size)
        with fits.open(images['image']) as h:
            img = np.asarray(h[0].data, dtype=np.float64).reshape(a.size, a.size)
            bmaj, bmin = float(h[0].header['BMAJ']), float(h[0].header['BMIN'])
        cell_deg = np.degrees(angle(a.cell))
        area = np.pi * bmaj * bmin / (4 * np.log(2) * cell_deg ** 2)
        error = float(np.linalg.norm(img / area - truth) / np.linalg.norm(truth))
    print(json.dumps({'peer': peer, 'error': error, 'images': images, 'ms': ms, 'ms_seconds': t_ms,
                      'wsclean_seconds': t_run, 'command': ' '.join(cmd), 'measurement_set': info}), flush=True)
    if not a.serve:
        return
    for line in sys.stdin:
        parts = line.split()
        if not parts or parts[0] == 'quit':
            break
        if parts[0] == 'run':
            start = time.perf_counter()
            times = []
            while True:
                times.append(run(cmd))
                if time.perf_counter() - start >= float(parts[1]):
                    break
            print(json.dumps({'seconds': sum(times) / len(times)}), flush=True)


if __name__ == '__main__':
    main()

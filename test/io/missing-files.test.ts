/**
 * A missing file whose name has no extension, and an empty one, are named as such by the readers
 * that otherwise judge a file by its content (readArrayFile, the multi-coil and visibility
 * readers), not as a wrong extension; a wrong extension still gets the extension message.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readMultiCoilFile } from '../../src/apps/mri/node/multicoil-files.ts';
import { readVisibilityFile } from '../../src/apps/radio/node/files.ts';
import { readArrayFile } from '../../src/io/node/formats.ts';

describe('missing and empty inputs say so', () => {
  const dir = mkdtempSync(join(tmpdir(), 'candor-missing-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const missing = join(dir, 'kspace');
  const empty = join(dir, 'empty');
  writeFileSync(empty, '');
  const wrongExt = join(dir, 'data.ms');

  it('readArrayFile: a missing name without an extension is a missing file; a wrong extension keeps its message', () => {
    assert.throws(() => readArrayFile(missing), {
      message: `readArrayFile(${missing}): file: expected a readable file, got no such file or directory (ENOENT)`,
    });
    assert.throws(() => readArrayFile(empty), {
      message: `readArrayFile(${empty}): file: expected an NPY, PNG, DICOM or NIfTI file, got 0 bytes (an empty input)`,
    });
    assert.throws(
      () => readArrayFile(wrongExt),
      /^CandorError: readArrayFile: file extension: expected one of \.npy/,
    );
    assert.throws(() => readArrayFile(dir), /^CandorError: readArrayFile: file extension: expected one of/);
  });

  it('multi-coil k-space: missing and empty files are named as such', () => {
    assert.throws(() => readMultiCoilFile(missing), {
      message: `k-space ${missing}: file: expected a readable file, got no such file or directory (ENOENT)`,
    });
    assert.throws(() => readMultiCoilFile(empty), {
      message: `k-space ${empty}: file: expected an NPY file (or a .cfl/.hdr pair), got 0 bytes (an empty input)`,
    });
    assert.throws(() => readMultiCoilFile(wrongExt), {
      message: `k-space ${wrongExt}: file extension: expected .cfl, .hdr or .npy (or .h5 for ISMRMRD raw data; under another name, the content of an NPY or ISMRMRD file), got "${wrongExt}"`,
    });
  });

  it('visibilities: a missing name without an extension is a missing file', () => {
    assert.throws(() => readVisibilityFile(missing), {
      message: `radio: visibility file ${missing}: file: expected a readable file, got no such file or directory (ENOENT)`,
    });
    assert.throws(() => readVisibilityFile(wrongExt), /visibility file .*data\.ms: expected a \.uvfits/);
  });
});

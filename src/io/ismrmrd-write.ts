/**
 * Writes ISMRMRD raw data (Inati et al., "ISMRM Raw data format: a proposed standard for MRI raw
 * datasets", MRM 77 (2017) 411) as HDF5 (./hdf5-writer.ts, browser-safe): the group `dataset`
 * with `xml` (the XML header, one variable-length string) and `data` (one record per acquisition:
 * `head`, the AcquisitionHeader with every field of the standard in its order and types, `traj`
 * and `data`, variable-length float32 sequences). The acquisition's data are its complex samples
 * channel by channel ([channels][samples] re/im, float32), its trajectory [samples][dimensions].
 * ./ismrmrd.ts reads it back; so do the ISMRMRD library and its tools (tested with Debian's
 * ismrmrd-tools: `ismrmrd_info`).
 *
 * @example
 * import { ismrmrdXml, writeIsmrmrd } from './ismrmrd-write.ts';
 * const xml = ismrmrdXml({ nx: 4, ny: 2, coils: 1, trajectory: 'cartesian' });
 * const bytes = writeIsmrmrd(xml, [{ line: 0, samples: 4, channels: 1, centerSample: 2, data: new Float32Array(8) }]);
 */
import { CandorError, describe } from '../core/errors.ts';
import { type H5Type, writeHdf5 } from './hdf5-writer.ts';

const u16: H5Type = { kind: 'int', size: 2, signed: false };
const u32: H5Type = { kind: 'int', size: 4, signed: false };
const u64: H5Type = { kind: 'int', size: 8, signed: false };
const i32: H5Type = { kind: 'int', size: 4, signed: true };
const f32: H5Type = { kind: 'float', size: 4 };
const arr = (base: H5Type, n: number): H5Type => ({ kind: 'array', base, dims: [n] });

/** The ISMRMRD AcquisitionHeader (ismrmrd.h, version 1), field by field. */
export const ACQUISITION_HEADER: H5Type = {
  kind: 'compound',
  members: [
    { name: 'version', type: u16 },
    { name: 'flags', type: u64 },
    { name: 'measurement_uid', type: u32 },
    { name: 'scan_counter', type: u32 },
    { name: 'acquisition_time_stamp', type: u32 },
    { name: 'physiology_time_stamp', type: arr(u32, 3) },
    { name: 'number_of_samples', type: u16 },
    { name: 'available_channels', type: u16 },
    { name: 'active_channels', type: u16 },
    { name: 'channel_mask', type: arr(u64, 16) },
    { name: 'discard_pre', type: u16 },
    { name: 'discard_post', type: u16 },
    { name: 'center_sample', type: u16 },
    { name: 'encoding_space_ref', type: u16 },
    { name: 'trajectory_dimensions', type: u16 },
    { name: 'sample_time_us', type: f32 },
    { name: 'position', type: arr(f32, 3) },
    { name: 'read_dir', type: arr(f32, 3) },
    { name: 'phase_dir', type: arr(f32, 3) },
    { name: 'slice_dir', type: arr(f32, 3) },
    { name: 'patient_table_position', type: arr(f32, 3) },
    {
      name: 'idx',
      type: {
        kind: 'compound',
        members: [
          ...['kspace_encode_step_1', 'kspace_encode_step_2', 'average', 'slice', 'contrast', 'phase', 'repetition', 'set', 'segment'].map((name) => ({ name, type: u16 })),
          { name: 'user', type: arr(u16, 8) },
        ],
      },
    },
    { name: 'user_int', type: arr(i32, 8) },
    { name: 'user_float', type: arr(f32, 8) },
  ],
};

/** An ISMRMRD acquisition record (`data` channel-major complex: 2 channels samples floats). */
export const ACQUISITION: H5Type = {
  kind: 'compound',
  members: [
    { name: 'head', type: ACQUISITION_HEADER },
    { name: 'traj', type: { kind: 'vlen', base: f32 } },
    { name: 'data', type: { kind: 'vlen', base: f32 } },
  ],
};

/** ISMRMRD acquisition flags (bit = flag number - 1). */
export const ACQ_FLAGS = Object.freeze({ firstInSlice: 1n << 6n, lastInSlice: 1n << 7n });

/** One acquisition to write. */
export interface IsmrmrdRecord {
  /** kspace_encode_step_1 (the phase-encoding line). */
  line: number;
  samples: number;
  channels: number;
  centerSample: number;
  /** 2 channels samples floats: channel by channel, re/im interleaved. */
  data: ArrayLike<number>;
  /** samples trajectoryDimensions floats, or none (Cartesian). */
  traj?: ArrayLike<number>;
  trajectoryDimensions?: number;
  flags?: bigint;
}

/** A minimal ISMRMRD XML header (version 8 schema): one encoding, its matrix and limits. */
export function ismrmrdXml(o: { nx: number; ny: number; coils: number; trajectory: 'cartesian' | 'other'; fovMm?: [number, number] }): string {
  const [fx, fy] = o.fovMm ?? [o.nx, o.ny];
  const space = (x: number, y: number) =>
    `<matrixSize><x>${x}</x><y>${y}</y><z>1</z></matrixSize><fieldOfView_mm><x>${fx}</x><y>${fy}</y><z>1</z></fieldOfView_mm>`;
  return (
    '<?xml version="1.0"?>\n<ismrmrdHeader xmlns="http://www.ismrm.org/ISMRMRD" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xs="http://www.w3.org/2001/XMLSchema" xsi:schemaLocation="http://www.ismrm.org/ISMRMRD ismrmrd.xsd">\n' +
    '<version>8</version>\n' +
    `<acquisitionSystemInformation><receiverChannels>${o.coils}</receiverChannels><institutionName>Candor (simulated)</institutionName></acquisitionSystemInformation>\n` +
    '<experimentalConditions><H1resonanceFrequency_Hz>63500000</H1resonanceFrequency_Hz></experimentalConditions>\n' +
    `<encoding><encodedSpace>${space(o.nx, o.ny)}</encodedSpace><reconSpace>${space(o.nx, o.ny)}</reconSpace>` +
    `<encodingLimits><kspace_encoding_step_1><minimum>0</minimum><maximum>${o.ny - 1}</maximum><center>${o.ny >> 1}</center></kspace_encoding_step_1>` +
    '<repetition><minimum>0</minimum><maximum>0</maximum><center>0</center></repetition></encodingLimits>' +
    `<trajectory>${o.trajectory}</trajectory></encoding>\n</ismrmrdHeader>\n`
  );
}

/** The ISMRMRD file's bytes (see the file comment). */
export function writeIsmrmrd(xml: string, records: readonly IsmrmrdRecord[]): Uint8Array {
  const where = 'writeIsmrmrd';
  if (!xml.includes('<ismrmrdHeader')) throw new CandorError(where, 'xml', 'an ISMRMRD XML header (<ismrmrdHeader>)', describe(xml));
  const values = records.map((r, i) => {
    const td = r.trajectoryDimensions ?? 0;
    const at = `acquisition ${i}`;
    if (!(Number.isInteger(r.samples) && r.samples >= 1 && r.samples < 65536 && Number.isInteger(r.channels) && r.channels >= 1 && r.channels < 65536)) {
      throw new CandorError(where, at, 'samples and channels in [1, 65535]', `${r.samples} samples, ${r.channels} channels`);
    }
    if (r.data.length !== 2 * r.samples * r.channels) throw new CandorError(where, `${at} data`, `${2 * r.samples * r.channels} floats`, `${r.data.length}`);
    if ((r.traj?.length ?? 0) !== td * r.samples) throw new CandorError(where, `${at} traj`, `${td * r.samples} floats`, `${r.traj?.length ?? 0}`);
    const head = {
      version: 1,
      flags: r.flags ?? 0n,
      scan_counter: i,
      number_of_samples: r.samples,
      available_channels: r.channels,
      active_channels: r.channels,
      // channel_mask: bit c of word c / 64 for every active channel
      channel_mask: Array.from({ length: 16 }, (_, w) => {
        let m = 0n;
        for (let c = 64 * w; c < Math.min(r.channels, 64 * (w + 1)); c++) m |= 1n << BigInt(c - 64 * w);
        return m;
      }),
      center_sample: r.centerSample,
      trajectory_dimensions: td,
      read_dir: [1, 0, 0],
      phase_dir: [0, 1, 0],
      slice_dir: [0, 0, 1],
      idx: { kspace_encode_step_1: r.line },
    };
    return { head, traj: r.traj ?? [], data: r.data };
  });
  return writeHdf5({
    groups: {
      dataset: {
        datasets: {
          xml: { type: { kind: 'vlen-string' }, shape: [1], values: [xml] },
          data: { type: ACQUISITION, shape: [values.length], values },
        },
      },
    },
  });
}

/**
 * Candor's file formats on bytes (browser-safe: no `node:` imports). Node file helpers (paths,
 * atomic writes) are in `./node/formats.ts`. Conventions: docs/file-formats.md.
 *
 * @example
 * import { readNpy, writeCfl } from './index.ts';
 * const { hdr, cfl } = writeCfl(readNpy(npyBytes, { name: 'kspace.npy' }));
 */
export {
  type CflArray,
  CFL_DIMS,
  cflShape,
  parseCflHeader,
  type ReadCflOptions,
  readCfl,
  type WriteCflOptions,
  writeCfl,
} from './cfl.ts';
export { type DicomImage, type DicomInfo, type ReadDicomOptions, readDicom } from './dicom.ts';
export {
  checkFiniteArray,
  checkNdArray,
  cToFortran,
  formatShape,
  fortranToC,
  type NdArray,
  shapeSize,
} from './ndarray.ts';
export { type NiftiInfo, type NiftiVolume, niftiSlice, type ReadNiftiOptions, readNifti } from './nifti.ts';
export {
  NPY_READ_TYPES,
  type NpyWriteDtype,
  type ReadNpyOptions,
  readNpy,
  type WriteNpyOptions,
  writeNpy,
} from './npy.ts';
export { IBM_MAX, type IbmRounding, ibmToNumber, numberToIbm } from './segy-ibm.ts';
export { detectTextEncoding, decodeText, encodeText, type TextEncoding, textLines } from './segy-text.ts';
export {
  BINARY_FIELDS,
  BYTE_ORDER_CONSTANT,
  type HeaderField,
  NTRACE_FIELDS,
  TRACE_FIELDS,
  traceFieldIndex,
} from './segy-fields.ts';
export { SAMPLE_FORMATS, type SampleFormat } from './segy-formats.ts';
export {
  applyScalar,
  type Endian,
  type ReadSegyOptions,
  readSegy,
  type SegyFile,
  type SegyFromTracesOptions,
  segyFromTraces,
  traceField,
  type WriteSegyOptions,
  writeSegy,
} from './segy.ts';
export { type ReadSuOptions, readSu, type SuFile, type WriteSuOptions, writeSu } from './su.ts';
export {
  type NpyTrajectoryOptions,
  type Trajectory,
  type TrajectoryOptions,
  trajectoryFromCfl,
  trajectoryFromNpy,
  trajectoryToCfl,
} from './trajectory.ts';
export {
  LUMA_WEIGHTS,
  type PngImage,
  type ReadPngOptions,
  readPng,
  type WritePngOptions,
  writePng,
} from './png.ts';
export { type EhtVisibilities, readEhtText } from './eht-text.ts';
export * from './fits/index.ts';
export {
  buildReceipt,
  firstJsonDifference,
  parseReceipt,
  type Receipt,
  RECEIPT_MAX_BYTES,
  RECEIPT_SCHEMA,
  RECEIPT_VERSION,
  type ReceiptFile,
  type ReceiptInput,
  type ReceiptOption,
  receiptJson,
} from './receipt.ts';

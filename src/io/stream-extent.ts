/**
 * What a stream's content declares of its own size, as far as it has arrived: at least `bytes`,
 * exactly `bytes` once `final`. Readers of a pipe (./node/files.ts) refuse a stream that declares
 * more than a stream may hold, or that goes on past its final size (a valid header, then
 * /dev/zero); formats whose sizes are spread over the file answer it as it arrives
 * (./fits/hdus.ts `fitsStreamExtent`).
 *
 * @example
 * const e: StreamExtent = { bytes: 34560, final: true, says: 'the 5760 bytes its FITS HDUs declare and up to 28800 bytes of padding' };
 */
export interface StreamExtent {
  bytes: number;
  final: boolean;
  /** How the final size reads in an error ("the N bytes its header declares" otherwise). */
  says?: string;
}

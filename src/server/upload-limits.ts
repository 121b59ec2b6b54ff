/**
 * The lab server's caps on coil k-space uploads (`POST /api/decode?coils=1`), in a module of its
 * own so that the server's main thread (./server.ts, ./api.ts) and the compute workers
 * (./tasks.ts) share them without loading each other's dependencies.
 */
/** Most coils of an uploaded coil k-space (the browser reconstructs them all). */
export const UPLOAD_COILS = 32;

/**
 * Most complex samples (coils x ny x nx) of an uploaded coil k-space: 32 coils of 256 x 256
 * (2^21). The coil route's body limit ({@link coilUploadLimit}) fits it as complex128, so the
 * stated cap is reachable; the server's `maxPixels` lowers it further when smaller.
 */
export const UPLOAD_COIL_SAMPLES = UPLOAD_COILS * 256 * 256;

/** Room for an NPY header in the coil route's body limit (an NPY header is at most 64 KiB plus 10 bytes). */
const NPY_HEADER_ROOM = 65536 + 16;

/** The body limit of a coil k-space upload: `samples` complex128 samples (16 bytes each) and an NPY header. */
export function coilUploadLimit(samples = UPLOAD_COIL_SAMPLES): number {
  return 16 * samples + NPY_HEADER_ROOM;
}

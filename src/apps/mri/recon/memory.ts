/**
 * The memory a non-Cartesian reconstruction plans for, from its image size, coil count and
 * samples per coil alone, so that a size is refused before any of it is allocated.
 *
 * A trajectory's image size comes from the request (`--matrix`, an ISMRMRD header) or from the
 * extent of its coordinates, not from the size of the data read, so nothing else bounds it: a
 * 4096 x 4096 image of 8 coils plans about 16 GB. The NUFFT's Toeplitz normal operator works on
 * the 2x oversampled grid (4 ny nx complex values per kernel and per FFT buffer), the solvers keep
 * a handful of images and their transforms, and each coil adds its sensitivity map and coil image.
 * Peak resident memory measured with `/usr/bin/time -f %M` over `candor mri recon --traj`
 * (radial, 64 spokes of 256 samples, 5 iterations) at 512^2 to 2048^2, per image pixel:
 * one coil 430-510 bytes (cg-sense, l1-wavelet, tv), 556 (wavelet-tv); each further coil
 * 20-30 bytes (ESPIRiT included); and with 1 and 2 million random samples on a 128^2 image
 * (gridding, cg-sense), per sample: 243 bytes for one coil, 41 more per further coil (the
 * samples, their coordinates, interpolation weights and density compensation). The estimate
 * takes 600 + 48 nc bytes per pixel, 288 + 48 nc per sample, plus 64 MB for the process, above
 * every measurement.
 *
 * @example
 * trajectoryReconBytes(256, 256, 8, 48 * 512); // about 0.15 GB
 * trajectoryReconBytes(4096, 4096, 8, 48 * 512); // about 16 GB
 */
export function trajectoryReconBytes(ny: number, nx: number, nc: number, samples: number): number {
  return ny * nx * (600 + 48 * nc) + samples * (288 + 48 * nc) + 64 * 2 ** 20;
}

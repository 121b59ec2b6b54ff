/**
 * Browser stand-in for `node:module`: the HiGHS loader imports it only when it runs under Node,
 * which never happens in the page or its workers.
 */
export function createRequire(): never {
  throw new Error('node:module is not available in the browser');
}

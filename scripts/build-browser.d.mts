/** Types of ./build-browser.mjs (the browser bundle builder). */
export declare const EXAMPLE_HTML: string;
/** Builds the bundle into `outdir` (default dist/browser); resolves to the bundle's path. */
export declare function buildBrowser(outdir?: string): Promise<string>;

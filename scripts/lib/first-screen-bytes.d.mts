/** Gzipped bytes index.html loads before the first screen (see first-screen-bytes.mjs). */
export function firstScreenBytes(dist: string): { js: number; files: number; css: number; wasm: number };

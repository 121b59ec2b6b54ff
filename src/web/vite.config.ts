/** Vite build of the web lab: root src/web, output web-dist/ (served by `candor serve`). */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../../web-dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
  },
  worker: { format: 'es' },
  resolve: { alias: { 'node:module': fileURLToPath(new URL('./stubs/node-module.ts', import.meta.url)) } },
});

import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('./renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: here('./dist/renderer'),
    emptyOutDir: true,
    // The bridge's CSP allows only same-origin scripts: no inline module-preload polyfill.
    modulePreload: { polyfill: false },
  },
  server: { host: '127.0.0.1' },
});

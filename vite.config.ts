import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Loads the entry bundle with `async`: it is compiled and run while the page is still arriving (the
 * local bridge ends the page with main's answers to the first reads), instead of after it. main.tsx
 * waits for the whole page before it starts the desk.
 */
function asyncEntry(): Plugin {
  return {
    name: 'bookdesk-async-entry',
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        const entry = /<script type="module" crossorigin src=/;
        if (!entry.test(html)) throw new Error('bookdesk-async-entry: no entry module script in index.html');
        return html.replace(entry, '<script type="module" async crossorigin src=');
      },
    },
  };
}

export default defineConfig({
  root: here('./renderer'),
  base: './',
  plugins: [react(), asyncEntry()],
  build: {
    outDir: here('./dist/renderer'),
    emptyOutDir: true,
    // The bridge's CSP allows only same-origin scripts: no inline module-preload polyfill.
    modulePreload: { polyfill: false },
  },
  server: { host: '127.0.0.1' },
});

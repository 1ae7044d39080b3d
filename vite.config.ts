import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Loads the entry bundle as a classic `async` script, for two reasons measured on the day view:
 * - Chromium reuses V8's code cache for classic scripts but here compiled the module script again on
 *   every load (20-57 ms of compile on the page's main thread, 6 ms with the cache);
 * - async, it is compiled and run while main still answers the first reads (which the page
 *   preloads beside it); main.tsx draws once they and the whole page are in.
 * The bundle is one IIFE chunk (below), so it runs as a classic script; that format allows no code
 * splitting, which the code cache outweighs.
 */
function classicAsyncEntry(): Plugin {
  return {
    name: 'bookdesk-classic-async-entry',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        const entry = /<script type="module" crossorigin src=/;
        if (!entry.test(html)) throw new Error('bookdesk-classic-async-entry: no entry script in index.html');
        return html.replace(entry, '<script async src=');
      },
    },
  };
}

export default defineConfig({
  root: here('./renderer'),
  base: './',
  plugins: [react(), classicAsyncEntry()],
  resolve: {
    // The catalogues reach react-intl as ICU ASTs compiled at build time (renderer/i18n/), so the
    // bundle needs no message parser: formatjs's documented no-parser build (28 kB less to load).
    alias: [
      {
        find: /^@formatjs\/icu-messageformat-parser$/,
        replacement: '@formatjs/icu-messageformat-parser/no-parser.js',
      },
    ],
  },
  build: {
    outDir: here('./dist/renderer'),
    emptyOutDir: true,
    // The bridge's CSP allows only same-origin scripts: no inline module-preload polyfill.
    modulePreload: { polyfill: false },
    rolldownOptions: { output: { format: 'iife' } },
    // One stylesheet file: an IIFE build would otherwise inject the CSS from script, which the CSP's
    // `style-src 'self'` refuses.
    cssCodeSplit: false,
  },
  server: { host: '127.0.0.1' },
});

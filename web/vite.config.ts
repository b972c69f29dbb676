/**
 * Vite build of the web app: `npm run build:web` writes web/dist (git-ignored), which server/http/webApp.ts serves
 * at `/`. JSX is compiled by Vite's own transformer for Preact (no Babel); no asset comes from another host.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  publicDir: 'public',
  // The oxc transformer reads no tsconfig for JSX here: say it explicitly.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  resolve: {
    // React libraries run on Preact through preact/compat.
    alias: { react: 'preact/compat', 'react-dom': 'preact/compat', 'react/jsx-runtime': 'preact/jsx-runtime' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Hashed names under /assets/ are cached for a year by the server; everything else is revalidated.
    assetsDir: 'assets',
    // Scripts as files only: the CSP allows no inline script.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: { proxy: { '/graphql': 'http://127.0.0.1:4000', '/audio': 'http://127.0.0.1:4000' } },
});

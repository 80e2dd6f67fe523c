// Builds the website (frontend/) into dist/frontend/: hashed file names under /api/web/assets/
// (a path that can never be a tenant), plus .br and .gz twins the server sends as they are.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, Plugin } from 'vite';

const outDir = resolve(__dirname, '../dist/frontend');

function precompress(): Plugin {
  return {
    name: 'ips-precompress',
    apply: 'build',
    closeBundle() {
      const assets = join(outDir, 'assets');
      for (const name of readdirSync(assets)) {
        if (!/\.(js|css|svg)$/.test(name)) continue;
        const body = readFileSync(join(assets, name));
        writeFileSync(join(assets, name + '.br'), brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(join(assets, name + '.gz'), gzipSync(body, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root: __dirname,
  base: '/api/web/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir,
    emptyOutDir: true,
    assetsDir: 'assets',
    // One script and one style sheet: the page loads in three requests.
    modulePreload: { polyfill: false },
    cssCodeSplit: false,
    assetsInlineLimit: 0,
    target: 'es2022',
    sourcemap: false,
  },
  plugins: [precompress()],
});

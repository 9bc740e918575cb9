// Vite config for the web app: `npx vite build --config web/vite.config.ts` writes web/dist/, which
// `npm start` (src/stack/web.ts) and the e2e tests serve next to /config.json.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, transformWithEsbuild } from 'vite';
import type { Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const publicDir = `${root}public`;

/** Files of web/public (manifest, icons), as paths relative to dist. */
function publicFiles(dir = publicDir, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? publicFiles(`${dir}/${e.name}`, `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

/**
 * Emits dist/sw.js: src/offline/service-worker.ts compiled, with the list of this build's shell
 * files (everything emitted but source maps, plus web/public) and a cache name derived from them,
 * so every build that changes a file installs a new worker with a fresh cache.
 */
function serviceWorker(): Plugin {
  return {
    name: 'jb-service-worker',
    apply: 'build',
    enforce: 'post',
    async generateBundle(_, bundle) {
      const files = [...new Set(['./', 'index.html', ...Object.keys(bundle), ...publicFiles()])].filter(
        (f) => !f.endsWith('.map') && f !== 'sw.js',
      );
      files.sort();
      const source = `${root}src/offline/service-worker.ts`;
      const { code } = await transformWithEsbuild(readFileSync(source, 'utf8'), source, {
        loader: 'ts',
        minify: true,
        target: 'es2022',
      });
      const cache = `jb-shell-${createHash('sha256').update(files.join('\n')).update(code).digest('hex').slice(0, 12)}`;
      this.emitFile({
        type: 'asset',
        fileName: 'sw.js',
        source: `const SHELL=${JSON.stringify({ cache, files })};\n${code}`,
      });
    },
  };
}

export default defineConfig(({ command }) => ({
  root,
  define: { __JB_SERVICE_WORKER__: JSON.stringify(command === 'build') },
  base: './',
  // manifest.webmanifest and icons/, copied as they are.
  publicDir,
  plugins: [serviceWorker()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
}));

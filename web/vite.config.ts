// Vite config for the web app: `npx vite build --config web/vite.config.ts` writes web/dist/, which
// `npm start` (src/stack/web.ts) and the e2e tests serve next to /config.json.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  // Nothing in web/public yet; keep Vite from looking elsewhere.
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});

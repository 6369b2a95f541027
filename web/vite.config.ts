// How the dashboard is bundled: scripts/build-web.ts builds with this (npm start and npm test run it);
// `npx vite web` serves it with hot reload, sending API calls to a Switchboard on port 3000.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = 'http://127.0.0.1:3000';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false },
  server: { proxy: Object.fromEntries(['/api', '/auth', '/chat', '/healthz'].map((path) => [path, api])) },
});

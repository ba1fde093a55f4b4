import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The app is served by the API at /admin. `npm run dev` serves it at http://localhost:5173/admin/
// and proxies /graphql (HTTP and WebSocket) to a running API (API_URL, default http://localhost:5080).
const api = process.env.API_URL ?? 'http://localhost:5080';

export default defineConfig({
  base: '/admin/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: {
      '/graphql': { target: api, ws: true, changeOrigin: true },
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});

// Starts the Release build of the API for the Node tests: its own SQLite file, a free loopback
// port, the runner off, and an admin token from its dev-token command.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';

export const dll = process.env.REPHLO_API_DLL ?? resolve(import.meta.dirname, '../../src/Api/bin/Release/net10.0/Rephlo.Tiers.Api.dll');

const freePort = () => new Promise((ok) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => ok(port));
  });
});

/** Starts the API; resolves to { base, token, dir, stop() } once /health answers. */
export async function startApi(name = 'rephlo-node-', extraEnv = {}) {
  const dir = mkdtempSync(join(tmpdir(), name));
  const env = {
    ...process.env,
    ASPNETCORE_ENVIRONMENT: 'Development',
    ConnectionStrings__Tiers: `Data Source=${join(dir, 'tiers.db')}`,
    Rollouts__Enabled: 'false',
    RateLimiting__Enabled: 'false',
    ...extraEnv,
  };
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const api = spawn('dotnet', [dll, '--urls', base], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  api.stdout.on('data', () => {});
  api.stderr.on('data', (d) => process.stderr.write(d));
  for (let i = 0; i < 100; i += 1) {
    try {
      if ((await fetch(`${base}/health`)).ok) break;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  const token = execFileSync('dotnet', [dll, 'dev-token', '--role', 'admin'], { env }).toString().trim();
  return {
    base,
    token,
    dir,
    stop() {
      api.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// The GraphQL-over-HTTP audit suite of graphql-http (serverAudits) against the running API: every
// MUST audit passes; SHOULD/MAY audits are pinned below — each one listed either passes or is
// a documented, deliberate deviation, so a change in behaviour shows up here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serverAudits } from 'graphql-http';
import { startApi } from './api-host.js';

let host;
let base;
let token;

before(async () => {
  host = await startApi('rephlo-audit-');
  ({ base, token } = host);
});

after(() => host?.stop());

// Audits that do not pass, and why (each is checked to still fail the same way, so that fixing
// one means removing it from here).
const deviations = {
};

test('GraphQL over HTTP audit (graphql-http serverAudits): every MUST passes', async () => {
  // Every operation needs a bearer token: the audit's requests carry the admin's.
  const fetchFn = (url, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${token}`);
    return fetch(url, { ...init, headers });
  };
  const results = [];
  for (const audit of serverAudits({ url: `${base}/graphql`, fetchFn })) {
    results.push(await audit.fn());
  }
  const failures = results.filter((r) => r.status !== 'ok');
  for (const f of failures) {
    process.stderr.write(`# audit ${f.status}: ${f.id} ${f.name} — ${f.reason}\n`);
  }
  const mustFailures = failures.filter((r) => r.name.startsWith('MUST'));
  assert.deepEqual(mustFailures.map((r) => `${r.id} ${r.name}: ${r.reason}`), []);
  const unexpected = failures.filter((r) => !(r.id in deviations)).map((r) => `${r.id} ${r.name}: ${r.reason}`);
  assert.deepEqual(unexpected, [], 'SHOULD/MAY audits that fail without a documented reason');
  const fixed = Object.keys(deviations).filter((id) => results.find((r) => r.id === id)?.status === 'ok');
  assert.deepEqual(fixed, [], 'documented deviations that now pass: remove them from the list');
  process.stderr.write(`# ${results.length} audits: ${results.length - failures.length} ok, ${failures.length} documented deviations\n`);
});

// The admin app (/admin) end to end in Debian's chromium driven by playwright-core, against the
// Release API on a fresh database (SQLite; admin-app.postgres.test.js runs the same on PostgreSQL, REPHLO_TEST_POSTGRES, in a
// fresh database). Asserts on what
// the user sees and on the server's state; screenshots go to artifacts/screenshots/admin-*.png; axe-core
// checks each page; no request leaves 127.0.0.1; no console error (CSP violations included).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { dll, startApi } from './api-host.js';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const shots = resolve(import.meta.dirname, '../../artifacts/screenshots');
const provider = process.env.REPHLO_ADMIN_E2E_PROVIDER ?? 'sqlite';
const suffix = provider === 'sqlite' ? '' : `-${provider}`;

/** A test of this run, its name marked with the provider. */
const e2e = (name, fn) => test(`admin app [${provider}]: ${name}`, fn);

let host;
let browser;
let context;
let page;
const hosts = new Set();
const consoleErrors = [];
const a11y = []; // serious or critical axe-core violations, per page

const graphql = async (query, variables, token = host.token) => {
  const response = await fetch(`${host.base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data;
};

const tier = async (name) => (await graphql('query($t: String!) { tierConfig(tierName: $t) { monthlyCreditAllocation configVersion } }', { t: name })).tierConfig;

const setCredits = async (tierName, newCredits, reason) => {
  const data = await graphql(
    'mutation($i: UpdateTierCreditsInput!) { updateTierCredits(input: $i) { tierConfig { configVersion } errors { __typename ... on Error { message } } } }',
    { i: { tierName, newCredits, reason } },
  );
  assert.deepEqual(data.updateTierCredits.errors, null);
  return data.updateTierCredits.tierConfig.configVersion;
};

const devToken = (...args) => execFileSync('dotnet', [dll, 'dev-token', ...args], { env: { ...process.env, ASPNETCORE_ENVIRONMENT: 'Development' } }).toString().trim();

const shot = (name) => page.screenshot({ path: join(shots, `admin-${name}${suffix}.png`), fullPage: true });

/** axe-core in the page (evaluated through the DevTools protocol, so the page's CSP stays as it is). */
async function checkAccessibility(name) {
  await page.evaluate(`${axeSource}\n;0`);
  const violations = await page.evaluate(async () => {
    const result = await globalThis.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  for (const v of violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) a11y.push({ page: name, ...v });
}

const row = (tableName, text) => page.getByRole('table', { name: tableName }).getByRole('row').filter({ hasText: text });

/** Opens a page of the app afresh (signed in again from sessionStorage), so one failure does not cascade. */
async function open(path = '/') {
  await page.goto(`${host.base}/admin${path}`);
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  await page.getByText('Live', { exact: true }).waitFor();
}

async function signIn(token) {
  await page.getByLabel('Access token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

before(async () => {
  let extraEnv = {};
  if (provider === 'postgres') {
    const server = process.env.REPHLO_ADMIN_E2E_POSTGRES ?? process.env.REPHLO_TEST_POSTGRES;
    assert.ok(server, 'REPHLO_ADMIN_E2E_POSTGRES is required for the PostgreSQL run');
    const database = `admin_e2e_${Date.now()}`;
    extraEnv = { Database__Provider: 'Postgres', ConnectionStrings__Tiers: server.replace(/Database=[^;]*/i, `Database=${database}`) };
  }
  host = await startApi('rephlo-admin-', extraEnv);
  mkdirSync(shots, { recursive: true });
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  context = await browser.newContext({ viewport: { width: 1440, height: 900 }, serviceWorkers: 'block', timezoneId: 'Europe/Paris' });
  page = await context.newPage();
  page.setDefaultTimeout(30000);
  page.on('request', (r) => hosts.add(new URL(r.url()).host));
  page.on('websocket', (ws) => hosts.add(new URL(ws.url()).host));
  page.on('console', (m) => {
    // A refused token is answered 401 (no admin role: 403) by design; the browser logs those requests.
    if (m.type() === 'error' && !/status of 40[13]/.test(m.text())) consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
});

after(async () => {
  await browser?.close();
  host?.stop();
});

e2e('the API serves /admin with a CSP, SPA fallback and long-cached hashed assets', async () => {
  const index = await fetch(`${host.base}/admin/history?tier=pro`);
  assert.equal(index.status, 200);
  assert.equal(index.headers.get('cache-control'), 'no-cache');
  const csp = index.headers.get('content-security-policy');
  assert.match(csp, /script-src 'self';/);
  assert.match(csp, /style-src 'self' 'nonce-[A-Za-z0-9+/=]+';/);
  const html = await index.text();
  const nonce = /'nonce-([^']+)'/.exec(csp)[1];
  assert.ok(html.includes(`content="${nonce}"`), 'the page carries the nonce of its CSP');
  assert.ok(!html.includes('__CSP_NONCE__'));
  const script = /src="(\/admin\/assets\/[^"]+\.js)"/.exec(html)[1];
  const asset = await fetch(`${host.base}${script}`, { headers: { 'accept-encoding': 'br, gzip' } });
  assert.equal(asset.status, 200);
  assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.match(asset.headers.get('content-type'), /javascript/);
  assert.equal((await fetch(`${host.base}/admin/assets/missing-123.js`)).status, 404);
});

e2e('sign in: bad, expired and non-admin tokens are refused with a message; an admin token shows the six tiers', async () => {
  await page.goto(`${host.base}/admin/`);
  await page.getByText('dev-token --role admin').waitFor();
  await checkAccessibility('sign-in');
  await shot('sign-in');

  await signIn('not-a-token');
  await page.getByRole('alert').filter({ hasText: 'not a JWT' }).waitFor();

  const expired = devToken('--role', 'admin', '--expires', '1s');
  await new Promise((r) => setTimeout(r, 1500));
  await signIn(expired);
  await page.getByRole('alert').filter({ hasText: 'expired' }).waitFor();

  const [head, body] = host.token.split('.');
  await signIn(`${head}.${body}.${'A'.repeat(43)}`);
  await page.getByRole('alert').filter({ hasText: 'refused this token' }).waitFor();

  await signIn(devToken('--role', 'viewer'));
  await page.getByRole('alert').filter({ hasText: 'no admin role' }).waitFor();

  await signIn(host.token);
  const table = page.getByRole('table', { name: 'Tiers' });
  await table.waitFor();
  await table.locator('tbody tr').nth(5).waitFor();
  const names = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [r.dataset.tier, r.dataset.inactive === 'true']));
  assert.deepEqual(names, [['free', false], ['pro', false], ['pro_plus', false], ['pro_max', false], ['enterprise_pro', true], ['enterprise_pro_plus', true]], 'six tiers in rank order, inactive ones marked');
  await table.getByText('Inactive').first().waitFor();
  await page.getByText('Live', { exact: true }).waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.getItem('rephlo.admin.token')), host.token);
  await checkAccessibility('tiers');
  await shot('tiers');
});

e2e('edit credits: the impact preview, then save; the table and the server show the new credits', async () => {
  const start = await tier('pro');
  await open('/');
  await page.getByRole('button', { name: 'Edit credits of Pro', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('New credits').fill(String(start.monthlyCreditAllocation + 500));
  await dialog.getByLabel('Apply to existing users').check();
  const preview = dialog.getByRole('region', { name: 'Impact preview' });
  await preview.getByText('Will be upgraded').waitFor();
  await preview.getByRole('cell', { name: 'increase', exact: true }).waitFor();
  // The debounced preview catches up with the checkbox: the demo Pro users will be upgraded.
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="will-upgrade"]')?.textContent?.replace(/,/g, '')) >= 1);
  await checkAccessibility('edit-credits');
  await shot('edit-credits');
  await dialog.getByRole('button', { name: 'Save' }).click();
  // A field error from the payload (the reason is required) appears at its field, nothing saved.
  await dialog.locator('textarea[aria-invalid="true"]').waitFor();
  assert.equal((await tier('pro')).configVersion, start.configVersion);
  await dialog.getByLabel('Reason').fill('More credits for Pro (admin app)');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: `credits changed to ${(start.monthlyCreditAllocation + 500).toLocaleString('en-US')}` }).waitFor();
  const after = await tier('pro');
  assert.equal(after.monthlyCreditAllocation, start.monthlyCreditAllocation + 500);
  assert.equal(after.configVersion, start.configVersion + 1);
  await page.waitForFunction((v) => [...document.querySelectorAll('tr[data-tier="pro"] td')].some((td) => td.textContent === v), (start.monthlyCreditAllocation + 500).toLocaleString('en-US'));
});

e2e('a version conflict: another client changes the tier while the dialog is open; nothing is overwritten', async () => {
  await open('/');
  await page.getByRole('button', { name: 'Edit credits of Pro+', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('New credits').fill('9000');
  await dialog.getByLabel('Reason').fill('My change, made on a stale screen');
  await setCredits('pro_plus', 8800, 'A second administrator got there first');
  await dialog.getByRole('button', { name: 'Save' }).click();
  const conflict = dialog.getByRole('alert').filter({ hasText: 'changed by someone else' });
  await conflict.waitFor();
  await conflict.getByRole('button', { name: 'Reload current values' }).click();
  await conflict.getByText('8,800 credits').waitFor();
  await shot('version-conflict');
  assert.equal((await tier('pro_plus')).monthlyCreditAllocation, 8800, 'the other change was not overwritten');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'credits changed to 9,000' }).waitFor();
  assert.equal((await tier('pro_plus')).monthlyCreditAllocation, 9000);
});

e2e('a change made by another client appears live in the table, highlighted', async () => {
  await open('/');
  await page.locator('tr[data-tier="pro_max"]').waitFor();
  const before = Date.now();
  await setCredits('pro_max', 31000, 'Changed elsewhere, seen live');
  await page.locator('tr[data-tier="pro_max"][data-highlight="true"]').waitFor({ timeout: 5000 });
  await page.waitForFunction(() => [...document.querySelectorAll('tr[data-tier="pro_max"] td')].some((td) => td.textContent === '31,000'), null, { timeout: 5000 });
  console.log(`# live update visible after ${Date.now() - before} ms`);
  await shot('live-update');
});

e2e('a scheduled rollout is cancelled from the Rollouts page', async () => {
  const start = await tier('enterprise_pro');
  await open('/');
  await page.getByRole('button', { name: 'Edit credits of Enterprise Pro', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('New credits').fill(String(start.monthlyCreditAllocation + 1000));
  await dialog.getByLabel('Reason').fill('Scheduled raise for Enterprise Pro');
  await dialog.getByLabel('Apply to existing users').check();
  const tomorrow = new Date(Date.now() + 86400000);
  const local = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}T09:30`;
  await dialog.getByLabel('Schedule rollout').fill(local);
  await dialog.getByText('Europe/Paris').waitFor();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'scheduled' }).waitFor();

  await page.getByRole('link', { name: 'Rollouts' }).click();
  const rollout = row('Rollouts', 'Enterprise Pro').filter({ hasText: 'Pending' }).first();
  await rollout.waitFor();
  const bar = rollout.getByRole('progressbar');
  assert.equal(await bar.getAttribute('aria-valuenow'), '0');
  await checkAccessibility('rollouts');
  await shot('rollouts');
  await rollout.getByRole('button', { name: 'Cancel' }).click();
  const dialog2 = page.getByRole('dialog');
  await dialog2.getByLabel('Reason').fill('Postponed by finance');
  await dialog2.getByRole('button', { name: 'Cancel rollout' }).click();
  await page.getByRole('status').filter({ hasText: 'cancelled' }).waitFor();
  await row('Rollouts', 'Postponed by finance').getByText('Cancelled').waitFor();
  const data = await graphql('{ tierRollouts(where: {tierName: {eq: "enterprise_pro"}}) { nodes { status scheduledFor cancelReason cancelledByName } } }');
  const cancelled = data.tierRollouts.nodes.find((n) => n.cancelReason === 'Postponed by finance');
  assert.equal(cancelled.status, 'CANCELLED');
  assert.equal(cancelled.cancelledByName, 'admin.test@rephlo.ai');
  const paris = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  assert.equal(paris.format(new Date(cancelled.scheduledFor)), local.replace('T', ' '), 'scheduled at 09:30 in the browser\'s time zone');
  await row('Rollouts', 'Postponed by finance').getByRole('button', { name: 'Apply again' }).waitFor();
});

e2e('history filtered by tier and type, paged with the total count; people shown by name', async () => {
  for (let i = 1; i <= 11; i += 1) await setCredits('free', 200 + i * 100, `Free raise ${i}`);
  await setCredits('free', 200, 'Free back down');
  await open('/');
  await page.getByRole('link', { name: 'History' }).click();
  await page.getByRole('table', { name: 'Tier history' }).waitFor();
  await page.getByLabel('Tier', { exact: true }).selectOption('free');
  await page.getByLabel('Change type').selectOption('CREDIT_INCREASE');
  await page.getByTestId('history-range').filter({ hasText: 'Showing 1–10 of 11 changes' }).waitFor();
  assert.match(page.url(), /\/admin\/history\?tier=free&type=CREDIT_INCREASE$/);
  const rows = page.getByRole('table', { name: 'Tier history' }).locator('tbody tr');
  assert.equal(await rows.count(), 10);
  assert.ok((await rows.first().innerText()).includes('admin.test@rephlo.ai'), 'changed by shows the name');
  assert.ok(!(await page.locator('body').innerText()).includes('Free back down'), 'the decrease is filtered out');
  await checkAccessibility('history');
  await shot('history');
  await page.getByRole('button', { name: 'Next page' }).click();
  await page.getByTestId('history-range').filter({ hasText: 'Showing 11–11 of 11 changes' }).waitFor();
  assert.ok((await rows.first().innerText()).includes('Free raise 1'));
  assert.match(page.url(), /page=2/);
  // The URL is a shareable view: opening it again shows the same page.
  const shared = page.url();
  await page.goto(shared);
  await page.getByTestId('history-range').filter({ hasText: 'Showing 11–11 of 11 changes' }).waitFor();
  await page.getByRole('button', { name: 'Previous page' }).click();
  await page.getByTestId('history-range').filter({ hasText: 'Showing 1–10 of 11 changes' }).waitFor();
  assert.ok((await rows.first().innerText()).includes('Free raise 11'));
});

e2e('a rollback from Versions: the diff is the preview; the server has the old values as a new version', async () => {
  await setCredits('pro', (await tier('pro')).monthlyCreditAllocation + 100, 'So that version 1 differs');
  const current = await tier('pro');
  await open('/');
  await page.getByRole('link', { name: 'Versions' }).click();
  await page.getByRole('table', { name: 'Versions' }).waitFor();
  await page.getByRole('button', { name: 'Compare version 1 with the current one' }).click();
  const diff = page.getByRole('table', { name: /Version 1 compared with the current version/ });
  await diff.waitFor();
  const credits = diff.getByRole('row').filter({ hasText: 'Credits' });
  assert.match(await credits.getAttribute('data-changed'), /true/);
  await checkAccessibility('versions');
  await shot('versions');
  await page.getByRole('button', { name: 'Roll back to this version' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Reason').fill('Back to the launch values');
  await dialog.getByRole('button', { name: 'Roll back' }).click();
  await page.getByRole('status').filter({ hasText: 'now has the values of version 1' }).waitFor();
  const after = await tier('pro');
  assert.equal(after.configVersion, current.configVersion + 1);
  const v1 = (await graphql('{ tierConfig(tierName: "pro") { versions { configVersion monthlyCreditAllocation } } }')).tierConfig.versions.find((v) => v.configVersion === 1);
  assert.equal(after.monthlyCreditAllocation, v1.monthlyCreditAllocation);
  const history = await graphql('{ tierHistory(first: 1, where: {tierName: {eq: "pro"}}, order: [{changedAt: DESC}]) { nodes { changeType changeReason changedByName } } }');
  assert.deepEqual(history.tierHistory.nodes[0], { changeType: 'ROLLBACK', changeReason: 'Back to the launch values', changedByName: 'admin.test@rephlo.ai' });
});

e2e('subscribers: look up by email, balance and grants', async () => {
  await open('/');
  await page.getByRole('link', { name: 'Subscribers' }).click();
  await page.getByLabel('User id or email').fill('pro.user@example.com');
  await page.getByRole('button', { name: 'Look up' }).click();
  await page.getByRole('table', { name: 'Credit grants' }).waitFor();
  const balance = Number((await page.getByTestId('balance').innerText()).replace(/,/g, ''));
  assert.ok(balance > 0);
  await checkAccessibility('subscribers');
  await shot('subscribers');
});

e2e('first load: compressed JavaScript size and time to interactive of the Tiers page', async () => {
  const fresh = await browser.newContext({ viewport: { width: 1440, height: 900 }, serviceWorkers: 'block' });
  await fresh.addInitScript((token) => sessionStorage.setItem('rephlo.admin.token', token), host.token);
  const p = await fresh.newPage();
  const scripts = [];
  p.on('response', (r) => {
    if (r.url().endsWith('.js')) scripts.push(r.url());
  });
  await p.goto(`${host.base}/admin/`);
  await p.getByRole('button', { name: 'Edit credits of Pro', exact: true }).waitFor();
  const timing = await p.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    return { tti: performance.getEntriesByName('tiers-interactive')[0]?.startTime, html: nav.responseEnd, dom: nav.domContentLoadedEventEnd };
  });
  const tti = timing.tti;
  let compressed = 0;
  for (const url of scripts) compressed += gzipSync(Buffer.from(await (await fetch(url)).arrayBuffer()), { level: 9 }).length;
  const brotli = await Promise.all(scripts.map(async (url) => Number((await fetch(url, { method: 'HEAD', headers: { 'accept-encoding': 'br' } })).headers.get('content-length'))));
  console.log(`# admin app first load: ${scripts.length} script(s), ${(compressed / 1024).toFixed(1)} KB gzip, ${(brotli.reduce((a, b) => a + b, 0) / 1024).toFixed(1)} KB brotli as served; Tiers page interactive after ${Math.round(tti)} ms (HTML ${Math.round(timing.html)} ms, DOMContentLoaded ${Math.round(timing.dom)} ms)`);
  assert.ok(compressed <= 300 * 1024, `first-load JavaScript ${compressed} bytes compressed exceeds 300 KB`);
  await fresh.close();
});

e2e('axe-core: no serious or critical accessibility violation on any page', () => {
  assert.deepEqual(a11y, []);
});

e2e('no request left 127.0.0.1 and the console stayed free of errors (CSP violations included)', () => {
  assert.deepEqual([...hosts].filter((h) => !h.startsWith('127.0.0.1:')), []);
  assert.deepEqual(consoleErrors, []);
});

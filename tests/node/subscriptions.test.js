// Real clients against a running API: the graphql-ws client over WebSocket and the
// graphql-sse client over Server-Sent Events. The API is the Release build started on a free
// loopback port with its own SQLite file; tokens come from its dev-token command.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import { createClient as createWsClient } from 'graphql-ws';
import { createClient as createSseClient } from 'graphql-sse';
import { startApi } from './api-host.js';

let host;
let base;
let token;

const graphql = async (query, variables) => {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
};

const changeCredits = (credits, reason) => graphql(
  'mutation($i: UpdateTierCreditsInput!) { updateTierCredits(input: $i) { tierConfig { configVersion } errors { __typename } } }',
  { i: { tierName: 'pro', newCredits: credits, reason } },
);

const withTimeout = (promise, ms, what) => Promise.race([
  promise,
  new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms)),
]);

before(async () => {
  host = await startApi('rephlo-node-');
  ({ base, token } = host);
  assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/, 'dev-token prints only a JWT');
});

after(() => host?.stop());

test('graphql-ws client receives the committed change', async () => {
  const client = createWsClient({
    url: `${base.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { Authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
  try {
    const event = new Promise((resolveEvent, reject) => {
      client.subscribe(
        { query: 'subscription { tierConfigChanged(tierName: "pro") { tierConfig { configVersion monthlyCreditAllocation } } }' },
        { next: resolveEvent, error: reject, complete: () => {} },
      );
    });
    await new Promise((r) => setTimeout(r, 500));
    const result = await changeCredits(2000, 'Seen by the graphql-ws client');
    const version = result.data.updateTierCredits.tierConfig.configVersion;
    const received = await withTimeout(event, 10000, 'the graphql-ws event');
    assert.equal(received.data.tierConfigChanged.tierConfig.configVersion, version);
    assert.equal(received.data.tierConfigChanged.tierConfig.monthlyCreditAllocation, 2000);
  } finally {
    await client.dispose();
  }
});

test('graphql-ws client without a token is closed with 4403', async () => {
  let closeCode;
  const client = createWsClient({
    url: `${base.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    on: { closed: (event) => { closeCode = event.code; } },
  });
  try {
    const outcome = new Promise((resolveOutcome) => {
      client.subscribe({ query: '{ tierConfigs { tierName } }' }, { next: () => {}, error: resolveOutcome, complete: () => resolveOutcome(null) });
    });
    await withTimeout(outcome, 10000, 'the refusal');
    assert.equal(closeCode, 4403);
  } finally {
    await client.dispose();
  }
});

test('graphql-sse client receives the committed change', async () => {
  const client = createSseClient({ url: `${base}/graphql`, headers: { Authorization: `Bearer ${token}` }, retryAttempts: 0 });
  try {
    const event = new Promise((resolveEvent, reject) => {
      client.subscribe(
        { query: 'subscription { tierConfigChanged(tierName: "pro") { tierConfig { configVersion } historyEntry { changeReason } } }' },
        { next: resolveEvent, error: reject, complete: () => {} },
      );
    });
    await new Promise((r) => setTimeout(r, 500));
    const result = await changeCredits(2500, 'Seen by the graphql-sse client');
    const received = await withTimeout(event, 10000, 'the graphql-sse event');
    assert.equal(received.data.tierConfigChanged.tierConfig.configVersion, result.data.updateTierCredits.tierConfig.configVersion);
    assert.equal(received.data.tierConfigChanged.historyEntry.changeReason, 'Seen by the graphql-sse client');
  } finally {
    client.dispose();
  }
});

// Banana Cake Pop in a real browser (Debian's chromium driven by playwright-core): the IDE served
// by the API, offline, with the Development token from its bcp-config.json.
test('Banana Cake Pop runs queries, mutations and subscriptions offline in a real browser', async () => {
  const { chromium } = await import('playwright-core');
  const shots = resolve(import.meta.dirname, '../../artifacts/screenshots');
  mkdirSync(shots, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const hosts = new Set();
  try {
    // Service workers are blocked: the IDE's worker reloads the page on a first visit.
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, serviceWorkers: 'block' });
    const page = await context.newPage();
    page.on('request', (r) => hosts.add(new URL(r.url()).host));
    page.on('websocket', (ws) => hosts.add(new URL(ws.url()).host));

    await page.goto(`${base}/graphql`);
    assert.match(page.url(), /\/graphql\/ui\/$/);
    await page.getByText('Create Document').click();
    await page.getByText('Schema available').waitFor({ timeout: 30000 });

    const run = async (document, expect) => {
      await page.mouse.click(600, 165);
      await page.keyboard.press('Control+A');
      await page.keyboard.insertText(document);
      await page.waitForTimeout(1200); // the editor needs a moment to pick up typed text
      await page.keyboard.press('Control+Alt+Enter');
      await page.waitForFunction((text) => document.body.innerText.includes(text), expect, { timeout: 20000 });
    };

    await run('{ tierConfigs { tierName monthlyCreditAllocation } }', 'enterprise_pro_plus');
    const text = await page.locator('body').innerText();
    for (const tier of ['free', 'pro', 'pro_plus', 'pro_max', 'enterprise_pro', 'enterprise_pro_plus']) {
      assert.ok(text.includes(`"${tier}"`), `the response shows ${tier}`);
    }
    await page.screenshot({ path: join(shots, 'explorer-query.png') });

    await run('mutation { updateTierCredits(input: {tierName: "pro_max", newCredits: 30000, reason: "Changed from Banana Cake Pop"}) { tierConfig { monthlyCreditAllocation } } }', '30000');
    await page.screenshot({ path: join(shots, 'explorer-mutation.png') });

    await run('subscription { tierConfigChanged(tierName: "pro_plus") { tierConfig { monthlyCreditAllocation } } }', 'tierConfigChanged');
    await page.waitForTimeout(500);
    const changed = await graphql('mutation { updateTierCredits(input: {tierName: "pro_plus", newCredits: 7700, reason: "Seen by the subscription in Banana Cake Pop"}) { tierConfig { monthlyCreditAllocation } } }');
    assert.equal(changed.data.updateTierCredits.tierConfig.monthlyCreditAllocation, 7700);
    await page.waitForFunction(() => document.body.innerText.includes('7700'), null, { timeout: 20000 });
    await page.screenshot({ path: join(shots, 'explorer-subscription.png') });

    assert.deepEqual([...hosts].filter((h) => !h.startsWith('127.0.0.1:')), [], 'no request left 127.0.0.1');
  } finally {
    await browser.close();
  }
});

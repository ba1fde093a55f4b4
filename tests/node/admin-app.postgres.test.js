// The admin app's end-to-end test on PostgreSQL: the same scenarios as admin-app.test.js, with the
// API on a fresh database of the server in REPHLO_TEST_POSTGRES (fails, never skips, without it).
process.env.REPHLO_ADMIN_E2E_PROVIDER = 'postgres';
await import('./admin-app.test.js');

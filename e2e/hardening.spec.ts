// Findings of the security pass against a running server, checked against a running server.
import { expect, test, PASSWORD } from './fixtures';
import { E2E } from './support/env';

test('signing in with a next= that would leave the origin lands on the console', async ({ page, makeUser }) => {
  const user = await makeUser('engineer');
  for (const next of ['/%5Cexample.com/x', '/\\\\example.com/x', '/\t/example.com/x', '/..//example.com/x']) {
    await page.context().clearCookies();
    await page.goto(`/login?next=${encodeURIComponent(next)}`);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'My queue' })).toBeVisible();
    expect(new URL(page.url()).origin, next).toBe(E2E.baseUrl);
  }
});

test('a bad query string is a 400 naming the parameter, never a 500', async ({ page, makeUser, signInAs }) => {
  await signInAs(page, await makeUser('manager'));
  for (const [path, name] of [
    ['/tickets?page=1e308', 'page'],
    ['/tickets?status=new&status=closed', 'status'],
    ['/reports/weekly?week=9999-12-31', 'week'],
    ['/reports/sla?from=1000-01-01&to=2999-12-31', 'from'],
  ] as const) {
    const res = await page.request.get(path);
    expect(res.status(), path).toBe(400);
    expect(await res.text(), path).toContain(`&#34;${name}&#34;`);
  }
  const range = await page.request.get('/api/reports/sla?from=2000-01-01&to=2099-12-31');
  expect(range.status()).toBe(400);
  expect((await range.json()).error).toMatch(/at most 3 years/);
  for (const path of ['/tickets?q=%E0%A4%A', '/tickets?q=%', '/bundles/%E0%A4%A']) {
    expect((await page.request.get(path)).status(), path).toBeLessThan(500);
  }
});

test('a cookie-authenticated write from another origin is refused; from the console it works', async ({ page, makeUser, signInAs }) => {
  await signInAs(page, await makeUser('engineer'));
  const ticket = { customerName: 'Acme', customerContact: 'ops@acme.example', severity: 3, summary: 'CSRF probe', components: [], reportedAt: [] };
  const foreign = await page.request.post('/api/tickets', { headers: { origin: `http://127.0.0.1:${E2E.port + 9}`, 'content-type': 'text/plain' }, data: JSON.stringify(ticket) });
  expect(foreign.status()).toBe(403);
  const own = await page.request.post('/api/tickets', { headers: { origin: E2E.baseUrl }, data: ticket });
  expect(own.status()).toBe(201);
});

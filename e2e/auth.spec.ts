import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { expect, test, PASSWORD } from './fixtures';
import { E2E } from './support/env';

const PAGES = ['/', '/tickets', '/tickets/new', '/tickets/1', '/settings', '/audit', '/errors'];

test('an anonymous visitor is sent to /login from every page', async ({ page }) => {
  for (const path of PAGES) {
    await page.goto(path);
    await expect(page, `${path} should redirect`).toHaveURL(/\/login\?next=/);
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  }
});

test('an anonymous request to a route handler gets 401', async ({ request }) => {
  const list = await request.get('/api/tickets');
  expect(list.status()).toBe(401);
  const create = await request.post('/api/tickets', { data: { customerName: 'x' } });
  expect(create.status()).toBe(401);
  const bogusToken = await request.get('/api/tickets', { headers: { authorization: 'Bearer x400_not-a-token' } });
  expect(bogusToken.status()).toBe(401);
});

for (const role of ['engineer', 'lead', 'manager', 'admin'] as const) {
  test(`a ${role} signs in through the form and sees the sidebar for the role`, async ({ page, makeUser }) => {
    const user = await makeUser(role);
    await page.goto('/login');
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'My queue' })).toBeVisible();
    await expect(page.getByTestId('signed-in-role')).toHaveText(role[0]!.toUpperCase() + role.slice(1));
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: 'Tickets' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Audit log' })).toHaveCount(role === 'lead' || role === 'admin' ? 1 : 0);
    await expect(nav.getByRole('link', { name: 'Board' })).toHaveCount(role === 'engineer' ? 0 : 1);
  });
}

test('the admin printed at first start signs in', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Email').fill(E2E.admin.email);
  await page.getByLabel('Password').fill(E2E.admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-role')).toHaveText('Admin');
});

test('a wrong password is refused; repeated failures slow the account down but never lock its owner out', async ({ page, makeUser }) => {
  const user = await makeUser('engineer');
  await page.goto('/login');
  for (let i = 0; i < 5; i++) {
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill('wrong-password-123');
    const answered = page.waitForResponse((r) => r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await answered;
    await expect(page.locator('main').getByRole('alert')).toContainText('Wrong email or password');
    // React resets the form once the action's result is shown: filling before that lost the
    // password to the reset, and the next click met an empty required field (no request, a hang).
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
    await expect(page.getByLabel('Password')).toHaveValue('');
  }
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/\/login/, { timeout: 20_000 });
});

test('signing out revokes the session on the server', async ({ page, makeUser, signInAs }) => {
  const user = await makeUser('engineer');
  await signInAs(page, user);
  await page.goto('/');
  const cookie = (await page.context().cookies()).find((c) => c.name === 'x400_session')!;
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  // Replaying the old cookie does not bring the session back.
  await page.context().addCookies([cookie]);
  await page.goto('/tickets');
  await expect(page).toHaveURL(/\/login/);
});

test('npx x400-support user add creates a user who can sign in', async ({ page }) => {
  const email = `lead-${randomUUID().slice(0, 6)}@example.test`;
  const out = execFileSync('npx', ['x400-support', 'user', 'add', '--email', email, '--role', 'lead', '--json'], {
    env: { ...process.env, X400_DATA_DIR: E2E.dataDir },
    input: '',
    encoding: 'utf8',
  });
  const created = JSON.parse(out) as { email: string; role: string; password: string };
  expect(created.role).toBe('lead');
  expect(created.password).toMatch(/^\S{20}$/);
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(created.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-role')).toHaveText('Lead');
});

test('an admin adds a user on /settings and the user signs in with the shown password', async ({ page, browser, makeUser, signInAs }) => {
  const admin = await makeUser('admin');
  await signInAs(page, admin);
  await page.goto('/settings');
  const email = `eng-${randomUUID().slice(0, 6)}@e2e.test`;
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Role', { exact: true }).selectOption('engineer');
  await page.getByRole('button', { name: 'Add user' }).click();
  const password = (await page.getByTestId('one-time-secret').textContent())!.trim();
  expect(password.length).toBeGreaterThanOrEqual(12);
  await expect(page.locator(`tr[data-user="${email}"]`)).toBeVisible();

  const other = await browser.newContext();
  const second = await other.newPage();
  await second.goto('/login');
  await second.getByLabel('Email').fill(email);
  await second.getByLabel('Password').fill(password);
  await second.getByRole('button', { name: 'Sign in' }).click();
  await expect(second.getByTestId('signed-in-role')).toHaveText('Engineer');
  await other.close();

  await page.goto('/audit');
  await expect(page.getByTestId('audit-table')).toContainText('user.create');
});

test('non-admins cannot open the audit log or manage users', async ({ page, makeUser, signInAs }) => {
  const engineer = await makeUser('engineer');
  await signInAs(page, engineer);
  const audit = await page.goto('/audit');
  expect(audit?.status()).toBe(403);
  await page.goto('/settings');
  await expect(page.getByRole('heading', { name: 'Users' })).toHaveCount(0);
});

test('a user changes their own password on /settings and signs in with it', async ({ page, makeUser, signInAs }) => {
  const user = await makeUser('manager');
  await signInAs(page, user);
  await page.goto('/settings');
  await page.getByLabel('Current password').fill('not-my-password');
  await page.getByLabel('New password').fill('my-new-manager-password');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.locator('main').getByRole('alert')).toContainText('current password is wrong');
  await page.getByLabel('Current password').fill(PASSWORD);
  await page.getByLabel('New password').fill('my-new-manager-password');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('Password changed')).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill('my-new-manager-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-role')).toHaveText('Manager');
});

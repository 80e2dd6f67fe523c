// The administration pages beyond key handling: users (SAML2 accounts, lock, API access,
// password reset), workgroups (rename, delete with confirmation) and the audit log's paging.
import { Browser, Page } from 'playwright-core';
import { signIn, TENANT_ADMIN_PASSWORD, USER_PASSWORD } from '../support/api';
import { TestApp } from '../support/test-app';
import { BrowserTest, odataStatus, screenshot, signedInPage, startBrowserTest } from '../support/browser';

const T = 'admins';

const userCard = (page: Page, loginId: string) => page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: `(${loginId})` }) });

describe('administration pages (browser)', () => {
  let setup: BrowserTest;
  let t: TestApp;
  let browser: Browser;
  let key: string;

  beforeAll(async () => {
    setup = await startBrowserTest(T, { users: { holder: ['Security/API Key', 'Data/Read'] } });
    ({ t, browser } = setup);
    key = (await (await signIn(t, T, 'holder', USER_PASSWORD)).post(`/${T}/api/v1/me/api-key`)).body.key;
  });
  afterAll(() => setup?.close());

  it('creates a SAML2 account, locks and unlocks a user, turns API access off and on, resets a password', async () => {
    const { page, problems } = await signedInPage(browser, t, T, 'Administrator', TENANT_ADMIN_PASSWORD, `/${T}/#/users`);
    await page.getByRole('heading', { name: 'Users', level: 1, exact: true }).waitFor();

    await page.getByLabel('Type').selectOption('SAML2');
    expect(await page.getByLabel('Initial password').count()).toBe(0);
    await page.getByLabel('Login ID').fill('first.last@domain.mycompany.com');
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.getByText('User first.last@domain.mycompany.com created.').waitFor();
    expect(await userCard(page, 'first.last@domain.mycompany.com').textContent()).toContain('SAML2');

    const holder = userCard(page, 'holder');
    await holder.getByRole('button', { name: 'Lock' }).click();
    await page.getByText('holder locked.').waitFor();
    expect(await holder.textContent()).toContain('Locked');
    expect(await odataStatus(t, T, key)).toBe(403);
    await holder.getByRole('button', { name: 'Unlock' }).click();
    await page.getByText('holder unlocked.').waitFor();
    expect(await odataStatus(t, T, key)).toBe(200);

    await holder.getByRole('button', { name: 'Turn API access off' }).click();
    await page.getByText('API access of holder turned off.').waitFor();
    expect(await odataStatus(t, T, key)).toBe(403);
    await holder.getByRole('button', { name: 'Turn API access on' }).click();
    await page.getByText('API access of holder turned on.').waitFor();
    expect(await odataStatus(t, T, key)).toBe(200);

    await holder.getByRole('button', { name: 'Reset password' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reset the password of holder?' });
    const password = await dialog.getByLabel('New password').inputValue();
    await dialog.getByRole('button', { name: 'Reset password' }).click();
    await page.getByRole('dialog', { name: 'New password of holder' }).getByText(password).waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByText('The password of holder was reset.').waitFor();
    const me = await (await signIn(t, T, 'holder', password)).get(`/${T}/api/v1/me`);
    expect(me.body.mustChangePassword).toBe(true);
    expect(problems).toEqual([]);
    await screenshot(page, 'admin-users');
    await page.context().close();
  });

  it('renames a workgroup and deletes one after confirming', async () => {
    const { page } = await signedInPage(browser, t, T, 'Administrator', TENANT_ADMIN_PASSWORD, `/${T}/#/workgroups`);
    await page.locator('summary', { hasText: 'wg-holder' }).click();
    const card = page.getByRole('listitem').filter({ has: page.locator('summary', { hasText: 'wg-holder' }) });
    await card.getByLabel('Workgroup name').fill('API key holders');
    await card.getByRole('button', { name: 'Save wg-holder' }).click();
    await page.getByText('Workgroup API key holders saved.').waitFor();
    expect(await odataStatus(t, T, key)).toBe(200);

    // The saved workgroup stays open under its new name.
    expect(await page.locator('summary', { hasText: 'API key holders' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Delete API key holders' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete the workgroup API key holders?' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await odataStatus(t, T, key)).toBe(200);
    await page.getByRole('button', { name: 'Delete API key holders' }).click();
    await dialog.getByRole('button', { name: 'Delete workgroup' }).click();
    await page.getByText('Workgroup API key holders deleted.').waitFor();
    expect(await page.locator('summary', { hasText: 'API key holders' }).count()).toBe(0);
    // Its members lost Security/API Key: the key is refused with the reason.
    expect(await odataStatus(t, T, key)).toBe(403);
    await screenshot(page, 'admin-workgroups');
    await page.context().close();
  });

  it('shows the audit log newest first, page by page', async () => {
    const admin = await signIn(t, T, 'Administrator', TENANT_ADMIN_PASSWORD);
    for (let i = 0; i < 30; i++) await admin.patch(`/${T}/api/v1/settings`, { previewWebFeatures: i % 2 === 0 });
    const newest = (await admin.get(`/${T}/api/v1/audit-events?limit=1`)).body[0];
    const { page } = await signedInPage(browser, t, T, 'Administrator', TENANT_ADMIN_PASSWORD, `/${T}/#/audit`);
    const rows = page.locator('tbody tr');
    await rows.first().waitFor();
    // Signing in just now is the newest event; the settings change before it comes next.
    expect(await rows.nth(0).textContent()).toContain('session.started');
    expect(await rows.nth(1).textContent()).toContain(newest.action);
    expect(await rows.count()).toBe(25);
    const firstPage = await rows.allTextContents();
    await page.getByRole('button', { name: 'Older events' }).click();
    await page.getByText('Events, newest first (page 2)').waitFor();
    const secondPage = await rows.allTextContents();
    expect(secondPage.length).toBeGreaterThan(0);
    expect(secondPage).not.toEqual(firstPage);
    await page.getByRole('button', { name: 'Newer events' }).click();
    await page.getByText('Events, newest first', { exact: true }).waitFor();
    expect(await rows.allTextContents()).toEqual(firstPage);
    await screenshot(page, 'admin-audit');
    await page.context().close();
  });
});

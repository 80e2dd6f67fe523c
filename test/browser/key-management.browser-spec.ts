// Generate API Key by its URL (previewWebFeatures off), a user without the role, replacing a
// key, an Administrator deleting one, granting the role entirely in the browser, and a
// settings form showing the server's 400 message beside its field.
import { Browser, Page } from 'playwright-core';
import { TENANT_ADMIN_PASSWORD, USER_PASSWORD } from '../support/api';
import { TestApp } from '../support/test-app';
import { BrowserTest, newContext, odataStatus, screenshot, signedInPage, signInPage, startBrowserTest, watchProblems } from '../support/browser';

const T = 'keys';

async function createKey(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Create key' }).click();
  const field = page.getByLabel('API key', { exact: true });
  await field.waitFor();
  return field.inputValue();
}

describe('API keys in the browser', () => {
  let setup: BrowserTest;
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    setup = await startBrowserTest(T, {
      users: { direct: ['Security/API Key', 'Data/Read'], norole: ['Data/Read'], replacer: ['Security/API Key', 'Data/Read'] },
    });
    ({ t, browser } = setup);
  });
  afterAll(() => setup?.close());

  it('opens Generate API Key by its URL while previewWebFeatures is off', async () => {
    const page = await (await newContext(browser, t)).newPage();
    const problems = watchProblems(page);
    // Signed out, the direct URL asks to sign in first and then shows the page.
    await signInPage(page, T, 'direct', USER_PASSWORD, `/${T}/PlanningSpace/#/generateApiKey`);
    await page.getByRole('heading', { name: 'Generate API Key', level: 1 }).waitFor();
    expect((await t.http().get(`/${T}/api/v1/tenant-info`)).body.previewWebFeatures).toBe(false);
    const key = await createKey(page);
    expect(await odataStatus(t, T, key)).toBe(200);
    await page.goto(`/${T}/`);
    await page.getByRole('heading', { name: T, level: 1, exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'PlanningSpace Web' }).count()).toBe(0);
    expect(problems).toEqual([]);
    await screenshot(page, 'direct-url');
    await page.context().close();
  });

  it('tells a user without Security/API Key that the role is needed, with no menu item and no Create key', async () => {
    const { page } = await signedInPage(browser, t, T, 'norole', USER_PASSWORD, `/${T}/PlanningSpace/`);
    await page.getByRole('heading', { name: 'PlanningSpace Web', level: 1 }).waitFor();
    await page.getByRole('button', { name: /norole/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).waitFor();
    const items = await page.getByRole('menuitem').allTextContents();
    expect(items).toEqual(['Change password', 'Sign out']);
    await page.keyboard.press('Escape');

    await page.goto(`/${T}/PlanningSpace/#/generateApiKey`);
    await page.getByRole('heading', { name: 'Generate API Key', level: 1 }).waitFor();
    expect(await page.textContent('main')).toContain('Security/API Key');
    expect(await page.getByRole('button', { name: 'Create key' }).count()).toBe(0);
    await screenshot(page, 'no-role');
    await page.context().close();
  });

  it('asks before replacing a key; the old key is refused afterwards', async () => {
    const { page } = await signedInPage(browser, t, T, 'replacer', USER_PASSWORD, `/${T}/PlanningSpace/#/generateApiKey`);
    await page.getByRole('heading', { name: 'Generate API Key', level: 1 }).waitFor();
    const first = await createKey(page);

    // Cancel keeps the key.
    await page.getByRole('button', { name: 'Create key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Replace your API key?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await odataStatus(t, T, first)).toBe(200);

    await page.getByRole('button', { name: 'Create key' }).click();
    await dialog.getByRole('button', { name: 'Replace key' }).click();
    const field = page.getByLabel('API key', { exact: true });
    await page.waitForFunction((old) => (document.getElementById('api-key') as HTMLInputElement | null)?.value !== old, first);
    const second = await field.inputValue();
    expect(second).not.toBe(first);
    expect(await odataStatus(t, T, first)).toBe(401);
    expect(await odataStatus(t, T, second)).toBe(200);
    await screenshot(page, 'replace');

    // An Administrator deletes it from the users page: refused at once.
    const { page: adminPage } = await signedInPage(browser, t, T, 'Administrator', TENANT_ADMIN_PASSWORD, `/${T}/#/users`);
    const card = adminPage.getByRole('listitem').filter({ has: adminPage.getByRole('heading', { name: /\(replacer\)/ }) });
    await card.waitFor();
    expect(await card.textContent()).toMatch(/created .* last used .* expires never/);
    await card.getByRole('button', { name: 'Delete key' }).click();
    const confirm = adminPage.getByRole('dialog', { name: /Delete the API key of replacer/ });
    await confirm.getByRole('button', { name: 'Delete key' }).click();
    await adminPage.getByText('The API key of replacer was deleted.').waitFor();
    expect(await odataStatus(t, T, second)).toBe(401);
    expect(await card.getByRole('button', { name: 'Delete key' }).count()).toBe(0);
    await screenshot(adminPage, 'delete-key');
    await adminPage.context().close();
    await page.context().close();
  });

  it('lets an Administrator grant Security/API Key in the browser; the new user changes the generated password and creates a key', async () => {
    const { page: adminPage, problems } = await signedInPage(browser, t, T, 'Administrator', TENANT_ADMIN_PASSWORD, `/${T}/#/users`);
    await adminPage.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    await adminPage.getByLabel('Login ID').fill('newcomer');
    await adminPage.getByLabel('Display name').fill('New Comer');
    await adminPage.getByRole('button', { name: 'Generate password' }).click();
    const initial = await adminPage.getByLabel('Initial password').inputValue();
    expect(initial).toHaveLength(16);
    await adminPage.getByRole('button', { name: 'Create user' }).click();
    await adminPage.getByText('User newcomer created.').waitFor();
    expect(await adminPage.textContent('main')).toContain(initial);

    await adminPage.goto(`/${T}/`);
    await adminPage.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Workgroups' }).click();
    const form = adminPage.getByRole('region', { name: 'New workgroup' });
    await form.getByLabel('Workgroup name').fill('Key holders');
    await form.getByLabel('New Comer (newcomer)').check();
    await form.getByLabel('Security/API Key').selectOption('Allowed');
    await form.getByLabel('Data/Read').selectOption('Allowed');
    await form.getByRole('button', { name: 'Create workgroup' }).click();
    await adminPage.getByText('Workgroup Key holders created.').waitFor();
    expect(problems).toEqual([]);
    await screenshot(adminPage, 'grant-role');
    await adminPage.context().close();

    const { page } = await signedInPage(browser, t, T, 'newcomer', initial);
    await page.getByRole('heading', { name: 'Change password', level: 1 }).waitFor();
    await page.getByLabel('Current password').fill(initial);
    await page.getByLabel('New password', { exact: true }).fill('my-own-password-42');
    await page.getByLabel('Repeat the new password').fill('my-own-password-42');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('heading', { name: T, level: 1, exact: true }).waitFor();
    await page.goto(`/${T}/PlanningSpace/`);
    await page.getByRole('button', { name: /New Comer/ }).click();
    await page.getByRole('menuitem', { name: 'Generate API Key' }).click();
    const key = await createKey(page);
    expect(await odataStatus(t, T, key)).toBe(200);
    await screenshot(page, 'new-user-key');
    await page.context().close();
  });

  it("shows the server's 400 message beside the settings field", async () => {
    const { page } = await signedInPage(browser, t, T, 'Administrator', TENANT_ADMIN_PASSWORD, `/${T}/#/settings`);
    const url = page.getByLabel('Single sign-on URL');
    await url.fill('not a url');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('saml.idpSsoUrl must be an http(s) URL').waitFor();
    expect(await url.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await url.getAttribute('aria-describedby'))!;
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe('saml.idpSsoUrl must be an http(s) URL');
    await screenshot(page, 'settings-400');
    await page.context().close();
  });
});

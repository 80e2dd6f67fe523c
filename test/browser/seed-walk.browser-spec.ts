// The seed document's walk (generate-api-key.txt), with the mouse and with the keyboard alone:
// sign in, the launch button appears once an Administrator turns previewWebFeatures on, open
// PlanningSpace Web, the user menu, Generate API Key, Create key, Copy; the copied key reads OData.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { signIn, TENANT_ADMIN_PASSWORD, USER_PASSWORD } from '../support/api';
import { TestApp } from '../support/test-app';
import { BrowserTest, expectFocus, newContext, odataStatus, screenshot, signInPage, startBrowserTest, tabTo, watchProblems } from '../support/browser';

const T = 'acme';

describe('Generate API Key, the seed walk (browser)', () => {
  let setup: BrowserTest;
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    const keyHolder = ['Security/API Key', 'Data/Read'];
    setup = await startBrowserTest(T, { users: { analyst: keyHolder, keyboarder: keyHolder, weigher: keyHolder } });
    ({ t, browser } = setup);
  });
  afterAll(() => setup?.close());

  it('shows the launch button once an Administrator turns previewWebFeatures on, and the copied key reads OData', async () => {
    const context = await newContext(browser, t);
    const page = await context.newPage();
    const problems = watchProblems(page);
    await signInPage(page, T, 'analyst', USER_PASSWORD);
    await page.getByRole('heading', { name: T, level: 1, exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'PlanningSpace Web' }).count()).toBe(0);

    // The Administrator, in a browser of their own, turns the setting on.
    const adminContext = await newContext(browser, t);
    const adminPage = await adminContext.newPage();
    await signInPage(adminPage, T, 'Administrator', TENANT_ADMIN_PASSWORD);
    await adminPage.getByRole('heading', { name: T, level: 1, exact: true }).waitFor();
    await adminPage.getByRole('link', { name: 'Tenant settings' }).click();
    await adminPage.getByLabel(/Preview web features/).check();
    await adminPage.getByRole('button', { name: 'Save settings' }).click();
    await adminPage.getByText('Settings saved.').waitFor();
    await adminContext.close();

    await page.reload();
    await page.getByRole('button', { name: 'PlanningSpace Web' }).click();
    await page.waitForURL(`**/${T}/PlanningSpace/`);
    await page.getByRole('button', { name: /analyst/ }).click();
    await page.getByRole('menuitem', { name: 'Generate API Key' }).click();
    await page.getByRole('heading', { name: 'Generate API Key', level: 1 }).waitFor();
    expect(await page.title()).toContain('Generate API Key');
    await page.getByRole('button', { name: 'Create key' }).click();
    const field = page.getByLabel('API key', { exact: true });
    await field.waitFor();
    expect(await field.getAttribute('readonly')).not.toBeNull();
    const shown = await field.inputValue();
    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    await page.getByText('Copied to the clipboard.').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());

    expect(copied).toBe(shown);
    expect(copied).toMatch(/^psk_[A-Za-z0-9_-]+$/);
    expect(await page.textContent('main')).toContain('will not be shown again');
    expect(page.url()).not.toContain(copied);
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))).not.toContain(copied);
    expect(await odataStatus(t, T, copied)).toBe(200);
    expect(t.logs.join('\n')).not.toContain(copied);
    expect(problems).toEqual([]);
    await screenshot(page, 'generate-api-key');
    await context.close();
  });

  it('works with the keyboard alone, and after sign-out Back does not show the key', async () => {
    const admin = await signIn(t, T, 'Administrator', TENANT_ADMIN_PASSWORD);
    expect((await admin.patch(`/${T}/api/v1/settings`, { previewWebFeatures: true })).status).toBe(200);
    const context = await newContext(browser, t);
    const page = await context.newPage();
    const problems = watchProblems(page);
    const kb = page.keyboard;

    await page.goto(`/${T}/`);
    await tabTo(page, /^Login ID$/);
    await kb.type('keyboarder');
    await kb.press('Tab');
    await kb.type(USER_PASSWORD);
    await kb.press('Enter');
    await page.getByRole('heading', { name: T, level: 1, exact: true }).waitFor();
    await tabTo(page, /^PlanningSpace Web$/);
    await kb.press('Enter');
    await page.waitForURL(`**/${T}/PlanningSpace/`);
    await page.getByRole('heading', { name: 'PlanningSpace Web', level: 1 }).waitFor();

    // The menu: arrows move, Escape closes and gives focus back to the button.
    await tabTo(page, /keyboarder/);
    await kb.press('ArrowDown');
    await expectFocus(page, 'Generate API Key');
    await kb.press('ArrowDown');
    await expectFocus(page, 'Change password');
    await kb.press('Escape');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('user-menu-button');
    expect(await page.getByRole('menu').isHidden()).toBe(true);

    await kb.press('Enter');
    await expectFocus(page, 'Generate API Key');
    await kb.press('Enter');
    await page.getByRole('heading', { name: 'Generate API Key', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Create key' }).waitFor();
    await tabTo(page, /^Create key$/);
    await kb.press('Enter');
    const field = page.getByLabel('API key', { exact: true });
    await field.waitFor();
    const shown = await field.inputValue();
    await tabTo(page, /^Copy$/);
    await kb.press('Enter');
    await page.getByText('Copied to the clipboard.').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(shown);
    expect(await odataStatus(t, T, copied)).toBe(200);

    // Sign out from the menu (ArrowUp opens it on its last item), then Back.
    await tabTo(page, /keyboarder/);
    await kb.press('ArrowUp');
    await expectFocus(page, 'Sign out');
    await kb.press('Enter');
    await page.waitForURL(`**/${T}/`);
    await page.getByLabel('Login ID').waitFor();
    await page.goBack();
    await page.getByLabel('Login ID').waitFor();
    expect(await page.content()).not.toContain(copied);
    expect(await page.getByLabel('API key', { exact: true }).count()).toBe(0);
    expect(problems).toEqual([]);
    await screenshot(page, 'keyboard-walk');
    await context.close();
  });

  it('loads the Generate API Key page in a handful of requests and well under 200 KB compressed', async () => {
    const context = await newContext(browser, t);
    const page = await context.newPage();
    await signInPage(page, T, 'weigher', USER_PASSWORD);
    await page.getByRole('heading', { name: T, level: 1, exact: true }).waitFor();

    // The browser cache off, so this counts every byte the page costs a first visit.
    const weighed = await context.newPage();
    const cdp = await context.newCDPSession(weighed);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const finished: Promise<number>[] = [];
    weighed.on('requestfinished', (req) => finished.push(req.sizes().then((s) => s.responseBodySize + s.responseHeadersSize)));
    await weighed.goto(`/${T}/PlanningSpace/#/generateApiKey`);
    await weighed.getByRole('button', { name: 'Create key' }).waitFor();
    await weighed.waitForLoadState('networkidle');
    const sizes = await Promise.all(finished);
    const bytes = sizes.reduce((a, b) => a + b, 0);
    mkdirSync(join(__dirname, 'screenshots'), { recursive: true });
    writeFileSync(join(__dirname, 'screenshots', 'page-weight.json'), JSON.stringify({ requests: sizes.length, bytes }, null, 2));

    expect(sizes.length).toBeLessThanOrEqual(8);
    expect(bytes).toBeLessThan(200 * 1024);
    await screenshot(weighed, 'page-weight');
    await context.close();
  });
});

// axe-core on every page at 1280x800 and 390x844: no serious or critical violation, and no
// page wider than the window (no sideways scrolling of the layout).
import { Browser, Page } from 'playwright-core';
import { TENANT_ADMIN_PASSWORD } from '../support/api';
import { TestApp } from '../support/test-app';
import { BrowserTest, DESKTOP, fitsWidth, newContext, PHONE, screenshot, seriousViolations, signedInPage, startBrowserTest } from '../support/browser';

const T = 'axe';

interface Visit {
  name: string;
  path: string;
  /** What shows the page has rendered. */
  ready: (page: Page) => Promise<unknown>;
  /** Brings the page to the state worth checking (a key shown, a menu open). */
  then?: (page: Page) => Promise<unknown>;
}

const h1 = (name: string) => (page: Page) => page.getByRole('heading', { name, level: 1, exact: true }).waitFor();

const VISITS: Visit[] = [
  { name: 'launch', path: `/${T}/`, ready: h1(T) },
  {
    name: 'planning-space',
    path: `/${T}/PlanningSpace/`,
    ready: h1('PlanningSpace Web'),
    then: (page) => page.getByRole('button', { name: /Administrator/ }).click(),
  },
  {
    name: 'generate-api-key',
    path: `/${T}/PlanningSpace/#/generateApiKey`,
    ready: (page) => page.getByRole('button', { name: 'Create key' }).waitFor(),
    then: async (page) => {
      await page.getByRole('button', { name: 'Create key' }).click();
      // The second viewport's visit replaces the first one's key: it is asked first.
      const replace = page.getByRole('button', { name: 'Replace key' });
      const field = page.getByLabel('API key', { exact: true });
      await replace.or(field).waitFor();
      if (await replace.isVisible()) await replace.click();
      await field.waitFor();
    },
  },
  { name: 'settings', path: `/${T}/#/settings`, ready: (page) => page.getByRole('button', { name: 'Save settings' }).waitFor() },
  { name: 'users', path: `/${T}/#/users`, ready: (page) => page.getByRole('heading', { name: /All users/ }).waitFor() },
  {
    name: 'workgroups',
    path: `/${T}/#/workgroups`,
    ready: (page) => page.getByRole('heading', { name: 'All workgroups' }).waitFor(),
    then: (page) => page.locator('summary', { hasText: 'wg-someone' }).click(),
  },
  { name: 'audit', path: `/${T}/#/audit`, ready: (page) => page.getByRole('table').waitFor() },
];

describe('accessibility of every page (axe-core, two viewports)', () => {
  let setup: BrowserTest;
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    setup = await startBrowserTest(T, { users: { someone: ['Security/API Key'] } });
    ({ t, browser } = setup);
  });
  afterAll(() => setup?.close());

  for (const [label, viewport] of [
    ['1280x800', DESKTOP],
    ['390x844', PHONE],
  ] as const) {
    it(`sign-in page at ${label}`, async () => {
      const page = await (await newContext(browser, t, viewport)).newPage();
      await page.goto(`/${T}/`);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
      // A failed sign-in shows its message: check the page with it.
      await page.getByLabel('Login ID').fill('Administrator');
      await page.getByLabel('Password', { exact: true }).fill('wrong-password-123');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('alert').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      expect(await fitsWidth(page)).toBe(true);
      await screenshot(page, `axe-sign-in-${label}`);
      await page.context().close();
    });

    it(`signed-in pages at ${label}`, async () => {
      const { page, problems } = await signedInPage(browser, t, T, 'Administrator', TENANT_ADMIN_PASSWORD, `/${T}/`, viewport);
      await h1(T)(page);
      const found: Record<string, string[]> = {};
      for (const visit of VISITS) {
        await page.goto(visit.path);
        await visit.ready(page).catch(async (error) => {
          await screenshot(page, `axe-failed-${visit.name}-${label}`);
          throw error;
        });
        await visit.then?.(page);
        const violations = await seriousViolations(page);
        if (violations.length) found[visit.name] = violations;
        if (!(await fitsWidth(page))) found[visit.name] = [...(found[visit.name] ?? []), 'wider than the window'];
        await screenshot(page, `axe-${visit.name}-${label}`);
      }
      expect(found).toEqual({});
      expect(problems).toEqual([]);
      // The check itself can fail: an unlabelled field is a critical violation.
      await page.evaluate(() => document.querySelector('main')!.append(Object.assign(document.createElement('input'), { type: 'text' })));
      expect((await seriousViolations(page)).join()).toContain('critical label');
      await page.context().close();
    });
  }
});

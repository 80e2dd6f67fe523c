// Drives Debian's Chromium with playwright-core against the real app (test/support/test-app).
// A missing browser fails the suite: it is never skipped (with CI set or not).
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import request from 'supertest';
import { basic, browser as sessionClient, Browser as SessionClient, createTenant, createUserWithRoles, signIn, TENANT_ADMIN_PASSWORD } from './api';
import { freePort } from './processes';
import { startTestApp, TestApp } from './test-app';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = join(__dirname, '..', 'browser', 'screenshots');

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) — the browser suite never skips${process.env.CI ? ' (CI is set)' : ''}`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export async function newContext(browser: Browser, t: TestApp, viewport = DESKTOP): Promise<BrowserContext> {
  return browser.newContext({ viewport, permissions: ['clipboard-read', 'clipboard-write'], baseURL: t.url });
}

/** Collects Content-Security-Policy violations and page errors; a test asserts the list stays empty. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return problems;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

export interface TenantServer {
  t: TestApp;
  /** The tenant Administrator's website session, for set-up through the Web API. */
  admin: SessionClient;
  /** The address pages are opened at: PUBLIC_URL when asked for, else the server's own. */
  publicUrl: string;
  close(): Promise<void>;
}

export interface ServerOptions {
  env?: Record<string, string>;
  /** PUBLIC_URL is this very server (its port picked first), so same-origin writes and SAML agree. */
  publicUrl?: boolean;
  /** Local users to create (password USER_PASSWORD), each with a workgroup giving these roles. */
  users?: Record<string, string[]>;
}

/** The real app on a fresh database with one tenant (Administrator: TENANT_ADMIN_PASSWORD) and its users. */
export async function startTenantServer(tenant: string, options: ServerOptions = {}): Promise<TenantServer> {
  let env = options.env ?? {};
  if (options.publicUrl) {
    const port = await freePort();
    env = { PUBLIC_URL: `http://127.0.0.1:${port}`, PORT: String(port), ...env };
  }
  const t = await startTestApp(env);
  try {
    await createTenant(t, tenant);
    const publicUrl = env.PUBLIC_URL ?? t.url;
    const admin = sessionClient(t, (await signIn(t, tenant, 'Administrator', TENANT_ADMIN_PASSWORD)).cookie, publicUrl);
    for (const [loginId, roles] of Object.entries(options.users ?? {})) await createUserWithRoles(admin, tenant, loginId, roles);
    return { t, admin, publicUrl, close: () => t.close() };
  } catch (error) {
    await t.close();
    throw error;
  }
}

export interface BrowserTest extends TenantServer {
  browser: Browser;
}

/** A tenant server and Debian's Chromium; close() ends both. */
export async function startBrowserTest(tenant: string, options: ServerOptions = {}): Promise<BrowserTest> {
  const server = await startTenantServer(tenant, options);
  try {
    const browser = await launchBrowser();
    return { ...server, browser, close: () => Promise.all([browser.close(), server.close()]).then(() => undefined) };
  } catch (error) {
    await server.close();
    throw error;
  }
}

/** A page in a new browser context, signed in through the sign-in form, watched for CSP violations and errors. */
export async function signedInPage(
  browser: Browser,
  t: TestApp,
  tenant: string,
  loginId: string,
  password: string,
  path?: string,
  viewport = DESKTOP,
): Promise<{ page: Page; problems: string[] }> {
  const page = await (await newContext(browser, t, viewport)).newPage();
  const problems = watchProblems(page);
  await signInPage(page, tenant, loginId, password, path);
  return { page, problems };
}

export async function signInPage(page: Page, tenant: string, loginId: string, password: string, path = `/${tenant}/`): Promise<void> {
  await page.goto(path);
  await page.getByLabel('Login ID').fill(loginId);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** What an OData client with the key gets: the status of the service document. */
export async function odataStatus(t: TestApp, tenant: string, key: string): Promise<number> {
  const res = await request(t.url).get(`/${tenant}/odata/`).set('Authorization', basic('FeedKey', key));
  return res.status;
}

const AXE_SOURCE = () => readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core in the page. Evaluated through the DevTools protocol, which the page's CSP does not
 * govern (an injected <script> would be refused, as it should be).
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE());
  const result = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> };
      }
    ).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} (${v.targets.join(', ')})`);
}

/** true when nothing sticks out sideways: no horizontal scroll of the whole page. */
export async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

/** Presses Tab until the focused element's accessible text matches, as a keyboard user would. */
export async function tabTo(page: Page, name: RegExp, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const label = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      // Past the last control focus leaves the page (body): the next Tab starts again at the top.
      if (!el || el === document.body) return '';
      const labelled = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null;
      return (el.getAttribute('aria-label') ?? labelled ?? el.textContent ?? '').trim();
    });
    if (name.test(label)) return;
  }
  throw new Error(`No focusable element matching ${name} within ${max} Tab presses`);
}

/** Waits until the focused element's text is `text` (focus moves after the key press is handled). */
export async function expectFocus(page: Page, text: string): Promise<void> {
  await page.waitForFunction((t) => document.activeElement?.textContent?.trim() === t, text, { timeout: 5000 });
}

// Every URL the start banner prints opens a page in Chromium (with the credentials its line names).
import { Browser } from 'playwright-core';
import { startBanner } from '../../src/web/start-banner';
import { ADMIN_PASSWORD, TestApp } from '../support/test-app';
import { signIn, USER_PASSWORD } from '../support/api';
import { BrowserTest, CHROMIUM, screenshot, startBrowserTest } from '../support/browser';

const T = 'demo';

describe('the start banner', () => {
  let setup: BrowserTest;
  let t: TestApp;
  let browser: Browser;
  let key: string;

  beforeAll(async () => {
    setup = await startBrowserTest(T, { users: { feeder: ['Security/API Key', 'Data/Read'] } });
    ({ t, browser } = setup);
    key = (await (await signIn(t, T, 'feeder', USER_PASSWORD)).post(`/${T}/api/v1/me/api-key`)).body.key;
  });
  afterAll(() => setup?.close());

  it(`prints only URLs that open a page (${CHROMIUM})`, async () => {
    const urls = startBanner(t.url, 'test.sqlite', T)
      .join('\n')
      .match(/https?:\/\/\S+/g)!;
    expect(urls.length).toBeGreaterThanOrEqual(8);
    const opened: Record<string, number> = {};
    for (const url of urls) {
      // The browser answers a Basic challenge with the credentials of the banner's line.
      const httpCredentials = url.includes('/odata/') ? { username: 'FeedKey', password: key } : { username: 'admin', password: ADMIN_PASSWORD };
      const context = await browser.newContext({ httpCredentials });
      const page = await context.newPage();
      const res = await page.goto(url);
      opened[url] = res!.status();
      if ((res!.headers()['content-type'] ?? '').startsWith('text/html')) {
        await page.locator('h1, h2, .swagger-ui').first().waitFor();
      }
      await context.close();
    }
    expect(Object.entries(opened).filter(([, status]) => status !== 200)).toEqual([]);
    const page = await browser.newPage();
    await page.goto(urls.find((u) => u.endsWith('#/generateApiKey'))!);
    await page.getByLabel('Login ID').waitFor();
    await screenshot(page, 'start-banner-generate-api-key');
    await page.close();
  });
});

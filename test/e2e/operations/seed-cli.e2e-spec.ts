// npm run seed as an operator runs it (issue 14): --help, usage errors, and progress that a
// CI log can read (plain lines, no carriage returns) or a terminal shows as one bar.
import { runSeed } from '../../../src/cli/seed-cli';
import { createTenant } from '../../support/api';
import { startTestApp, TEST_SECRET, TestApp } from '../../support/test-app';

describe('npm run seed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await createTenant(t, 'acme');
  });
  afterAll(() => t.close());

  async function seed(argv: string[], tty = false): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const env = { DATABASE_URL: t.db.url, DATA_DIR: t.db.dataDir, IPS_SECRET: TEST_SECRET, IPS_DEMO: 'false' };
    const code = await runSeed(argv, {
      out: { isTTY: tty, write: (s: string) => out.push(s) },
      err: { isTTY: tty, write: (s: string) => err.push(s) },
      env,
    });
    return { code, out: out.join(''), err: err.join('') };
  }

  it('prints its usage with every option and its default for --help and -h', async () => {
    for (const flag of ['--help', '-h']) {
      const help = await seed([flag]);
      expect(help).toMatchObject({ code: 0, err: '' });
      expect(help.out).toMatch(/^Usage: npm run seed -- --tenant NAME/);
      expect(help.out).toMatch(/--tenant NAME .*required/);
      expect(help.out).toMatch(/--projects N .*\(default 1000\)/);
      expect(help.out).toMatch(/--years N .*\(default 50\)/);
      expect(help.out).toMatch(/--batch N .*\(default 200\)/);
    }
  });

  it('refuses an unknown option or a bad value with exit 2, naming it', async () => {
    expect(await seed(['--tenant', 'acme', '--rows', '5'])).toMatchObject({ code: 2, err: expect.stringContaining('unknown option --rows') });
    expect(await seed(['--tenant', 'acme', '-x'])).toMatchObject({ code: 2, err: expect.stringContaining('unknown option -x') });
    expect(await seed(['--projects', '5'])).toMatchObject({ code: 2, err: expect.stringContaining('--tenant NAME is required') });
    expect(await seed(['--tenant', 'acme', '--years', '0'])).toMatchObject({ code: 2, err: expect.stringContaining('--years must be') });
    expect(await seed(['--tenant', 'nope'])).toMatchObject({ code: 1, err: expect.stringMatching(/seed failed: .*not found/i) });
  });

  it('writes plain progress lines with an ETA when stderr is not a terminal, then a summary', async () => {
    const run = await seed(['--tenant', 'acme', '--projects', '30', '--batch', '3', '--years', '2']);
    expect(run.code).toBe(0);
    expect(run.err).not.toContain('\r');
    const lines = run.err.trim().split('\n');
    // 10 batches of a tenth each: one line per tenth.
    expect(lines).toHaveLength(10);
    for (const line of lines) expect(line).toMatch(/^seed: \d+% \d+\/30 projects, \d+ cashflows, \d+ rows\/s, ETA \d+ s$/);
    expect(lines[0]).toMatch(/^seed: 10% 3\/30 projects, 6 cashflows/);
    expect(lines[9]).toMatch(/^seed: 100% 30\/30 projects, 60 cashflows, \d+ rows\/s, ETA 0 s$/);
    expect(run.out).toMatch(/^Tenant acme: 30 projects created \(60 cashflows\), 0 already there, in \d+\.\d s\n$/);
  });

  it('draws one bar with an ETA on a terminal, continuing a load that stopped', async () => {
    const run = await seed(['--tenant', 'acme', '--projects', '40', '--batch', '5', '--years', '2'], true);
    expect(run.code).toBe(0);
    const frames = run.err.split('\r').filter(Boolean);
    expect(frames).toHaveLength(2);
    expect(frames[0]).toMatch(/^\[#+\.+\] 87% 35\/40 projects, 10 cashflows, \d+ rows\/s, ETA \d+ s/);
    expect(frames[1]).toMatch(/^\[#{30}\] 100% 40\/40 projects, 20 cashflows, \d+ rows\/s, ETA 0 s +\n$/);
    expect(run.out).toMatch(/^Tenant acme: 10 projects created \(20 cashflows\), 30 already there/);
  });
});

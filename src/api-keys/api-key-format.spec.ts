import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateApiKey, hasValidChecksum, hintOf, KEY_LENGTH } from './api-key-format';

describe('API key format', () => {
  const keys = Array.from({ length: 200 }, generateApiKey);

  it('starts with psk_ and uses only [A-Za-z0-9_-]', () => {
    for (const key of keys) expect(key).toMatch(/^psk_[A-Za-z0-9_-]+$/);
    expect(keys[0]).toHaveLength(KEY_LENGTH);
  });

  it('carries at least 256 random bits (no two keys alike, body decodes to 32 bytes)', () => {
    expect(new Set(keys).size).toBe(keys.length);
    expect(Buffer.from(keys[0].slice(4, 47), 'base64url')).toHaveLength(32);
  });

  it('has a checksum that catches any single-character change', () => {
    const key = keys[0];
    expect(hasValidChecksum(key)).toBe(true);
    for (let i = 4; i < key.length; i++) {
      const replacement = key[i] === 'A' ? 'B' : 'A';
      expect(hasValidChecksum(key.slice(0, i) + replacement + key.slice(i + 1))).toBe(false);
    }
    expect(hasValidChecksum('psk_short')).toBe(false);
  });

  it('hints with psk_… and at most 6 checksum characters', () => {
    const hint = hintOf(keys[0]);
    expect(hint).toBe('psk_…' + keys[0].slice(-6));
    expect(keys[0].slice(4, -6)).not.toContain(hint.slice(5));
  });

  it('is verified by the one-line verifier printed in the README', () => {
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    const line = readme.split('\n').find((l) => l.includes('node -e') && l.includes('psk_'));
    expect(line).toBeDefined();
    const script = /node -e '([^']+)'/.exec(line!)![1];
    const run = (key: string) => execFileSync(process.execPath, ['-e', script, key]).toString().trim();
    expect(run(keys[1])).toBe('true');
    expect(run(keys[1].slice(0, -1) + (keys[1].endsWith('A') ? 'B' : 'A'))).toBe('false');
  });
});

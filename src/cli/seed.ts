// npm run seed -- --tenant demo --projects 20000 [--years 50] [--batch 200]   (--help for all)
import 'reflect-metadata';
import { loadEnvFile } from '../core/config/env-file';
import { runSeed } from './seed-cli';

try {
  loadEnvFile();
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
runSeed(process.argv.slice(2), { out: process.stdout, err: process.stderr, env: process.env }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`seed failed: ${(error as Error)?.message ?? String(error)}\n`);
    process.exit(1);
  },
);

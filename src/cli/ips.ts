// npm run ips -- COMMAND ...   (production: node dist/src/cli/ips.js COMMAND ...)
import 'reflect-metadata';
import { loadEnvFile } from '../core/config/env-file';
import { runIps } from './ips-cli';

try {
  loadEnvFile();
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
runIps(process.argv.slice(2), { out: process.stdout, err: process.stderr, env: process.env }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`error: ${(error as Error)?.message ?? String(error)}\n`);
    process.exit(1);
  },
);

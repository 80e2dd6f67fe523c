// What the command-line tools (npm run ips, npm run seed) share: how they are called (flags,
// usage errors with exit 2), the streams they write to, and a Nest application context
// without HTTP on the database the server uses.
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { AppConfig, loadConfig } from '../core/config/app-config';
import { loadEnvFile } from '../core/config/env-file';
import { Terminal } from '../core/console/one-time-passwords';
import { AppLogger } from '../core/logging/app-logger';

export interface CliIo {
  out: Terminal;
  err: Terminal;
  env: Record<string, string | undefined>;
}

/** A mistake in how the command was called: printed with the command's usage, exit 2. */
export class UsageError extends Error {}

export interface Args {
  positional: string[];
  flags: Map<string, string | true>;
}

/** `--name value` for the names in `valued`, `--name=value` for any, `--name` alone otherwise. */
export function parseArgs(argv: string[], valued: string[]): Args {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') flags.set('help', true);
    else if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
      if (inline !== undefined) flags.set(name, inline);
      else if (valued.includes(name)) {
        if (argv[i + 1] === undefined) throw new UsageError(`--${name} needs a value`);
        flags.set(name, argv[++i]);
      } else flags.set(name, true);
    } else if (/^-[A-Za-z]/.test(arg)) throw new UsageError(`unknown option ${arg}`);
    else positional.push(arg);
  }
  return { positional, flags };
}

/** Refuses options the command does not know, and a wrong number of arguments. */
export function only(args: Args, count: number, allowed: string[]): void {
  for (const name of args.flags.keys()) if (name !== 'help' && !allowed.includes(name)) throw new UsageError(`unknown option --${name}`);
  if (args.positional.length !== count) throw new UsageError(count === 0 ? 'takes no arguments' : `needs ${count} argument(s)`);
}

/** The value of `--name VALUE`, or the fallback; `--name` without a value is a usage error. */
export function flagValue(args: Args, name: string, fallback?: string): string | undefined {
  const value = args.flags.get(name);
  if (value === true) throw new UsageError(`--${name} needs a value`);
  return value ?? fallback;
}

export async function withApp<T>(io: CliIo, use: (app: INestApplicationContext, config: AppConfig) => Promise<T>): Promise<T> {
  const config = loadConfig(io.env);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ ...config, demo: false }), {
    logger: new AppLogger('warn', (line) => io.err.write(line + '\n')),
    abortOnError: false,
  });
  try {
    return await use(app, config);
  } finally {
    await app.close();
  }
}

/** The process around a command (ips.ts, seed.ts): .env first, then the command, whose exit code the process takes. */
export function runAsProcess(command: (argv: string[], io: CliIo) => Promise<number>): void {
  try {
    loadEnvFile();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
  command(process.argv.slice(2), { out: process.stdout, err: process.stderr, env: process.env }).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`error: ${(error as Error)?.message ?? String(error)}\n`);
      process.exit(1);
    },
  );
}

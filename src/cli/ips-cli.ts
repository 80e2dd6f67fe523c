// The IPS Administrator's command line (npm run ips -- ...): the same use cases and
// services as /admin/api, in a Nest application context without HTTP, so a server can be
// set up and recovered without a browser. runIps() is the whole CLI; ips.ts only wires
// process.argv and the exit code, so the tests drive exactly what operators run.
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource } from 'typeorm';
import { ipsAdministrator } from '../access/actor';
import { CreateTenantDto, ResetAdministratorDto } from '../administration/dto/create-tenant.dto';
import { UpdateServerSettingsDto } from '../administration/dto/server-settings.dto';
import { TenantProvisioningService } from '../administration/tenant-provisioning.use-case';
import { ApiKey } from '../api-keys/api-key.entity';
import { loadConfig } from '../core/config/app-config';
import { SERVER_VERSION } from '../core/config/server-version';
import { announceOneTimePasswords } from '../core/console/one-time-passwords';
import { PasswordHasher } from '../core/crypto/password-hasher.service';
import { DomainError } from '../core/errors/domain-error';
import { dataSourceOptions } from '../database/data-source-options';
import { replaceSecretVerifier } from '../database/secret-check';
import { Session } from '../sessions/session.entity';
import { ServerSettingsService } from '../settings/server-settings.service';
import { Args, CliIo, flagValue, only, parseArgs, UsageError, withApp } from './cli-support';

interface Command {
  usage: string;
  help: string;
  run(args: Args, io: CliIo): Promise<void>;
}

async function checked<T extends object>(type: new () => T, value: object): Promise<T> {
  const dto = plainToInstance(type, value);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) throw new UsageError(errors.flatMap((e) => Object.values(e.constraints ?? {})).join('; '));
  return dto;
}

const ACTOR = ipsAdministrator('cli');

function password(args: Args): { value: string; generated: boolean } {
  const given = flagValue(args, 'password');
  return given ? { value: given, generated: false } : { value: PasswordHasher.generate(), generated: true };
}

const COMMANDS: Record<string, Command> = {
  'tenant list': {
    usage: 'tenant list',
    help: 'Lists the tenants, one per line: name and creation time.',
    run: (args, io) =>
      withApp(io, async (app) => {
        only(args, 0, []);
        const tenants = await app.get(TenantProvisioningService).list();
        for (const t of tenants) io.out.write(`${t.name}\t${t.createdAt.toISOString()}\n`);
        if (tenants.length === 0) io.err.write('no tenants\n');
      }),
  },
  'tenant create': {
    usage: 'tenant create NAME [--password PASSWORD]',
    help:
      'Creates a tenant with its default workgroups and its Local user "Administrator". Without --password a ' +
      'one-time password is generated (changed at first sign-in), shown on a terminal and kept in the data folder.',
    run: (args, io) =>
      withApp(io, async (app, config) => {
        only(args, 1, ['password']);
        const pw = password(args);
        const dto = await checked(CreateTenantDto, { name: args.positional[0], administratorPassword: pw.value });
        const tenant = await app.get(TenantProvisioningService).create(dto.name, dto.administratorPassword, ACTOR, pw.generated);
        io.out.write(`Tenant ${tenant.name} created: sign in at /${tenant.name}/ as Administrator\n`);
        if (pw.generated) {
          announceOneTimePasswords(
            config.dataDir,
            `Tenant ${tenant.name}: one-time password`,
            [{ tenant: tenant.name, loginId: 'Administrator', password: pw.value, note: 'tenant Administrator' }],
            io.out,
          );
        }
      }),
  },
  'tenant delete': {
    usage: 'tenant delete NAME --yes',
    help: 'Deletes the tenant with its users, sessions, keys and planning data. Needs --yes.',
    run: (args, io) =>
      withApp(io, async (app) => {
        only(args, 1, ['yes']);
        if (!args.flags.has('yes')) throw new UsageError(`deleting tenant ${args.positional[0]} and all its data needs --yes`);
        await app.get(TenantProvisioningService).delete(args.positional[0], ACTOR);
        io.out.write(`Tenant ${args.positional[0]} deleted\n`);
      }),
  },
  'administrator reset': {
    usage: 'administrator reset TENANT [--password PASSWORD]',
    help:
      'Recovery of a locked-out tenant: sets the password of its "Administrator", unlocks and reactivates it, puts it back ' +
      'into Administrators, ends its sessions and turns Local sign-in back on. Without --password one is generated.',
    run: (args, io) =>
      withApp(io, async (app, config) => {
        only(args, 1, ['password']);
        const pw = password(args);
        const dto = await checked(ResetAdministratorDto, { password: pw.value });
        const result = await app.get(TenantProvisioningService).resetAdministrator(args.positional[0], dto.password, ACTOR, pw.generated);
        io.out.write(`Tenant ${args.positional[0]}: ${result.loginId} reset, unlocked and in Administrators; Local sign-in is on\n`);
        if (pw.generated) {
          announceOneTimePasswords(
            config.dataDir,
            `Tenant ${args.positional[0]}: new Administrator password`,
            [{ tenant: args.positional[0], loginId: result.loginId, password: pw.value, note: 'tenant Administrator (reset)' }],
            io.out,
          );
        }
      }),
  },
  'admin-password reset': {
    usage: 'admin-password reset [--password PASSWORD]',
    help:
      'Recovery of a lost IPS Administrator password (user "admin" of /admin/api). Without --password one is generated. ' +
      'A server started with IPS_ADMIN_PASSWORD sets that password again at every start.',
    run: (args, io) =>
      withApp(io, async (app, config) => {
        only(args, 0, ['password']);
        const pw = password(args);
        if (pw.value.length < 12) throw new UsageError('password must be at least 12 characters');
        await app.get(ServerSettingsService).setAdminPassword(pw.value, ACTOR);
        io.out.write('IPS Administrator password reset\n');
        if (pw.generated) {
          announceOneTimePasswords(
            config.dataDir,
            'IPS Administrator: new password',
            [{ tenant: null, loginId: 'admin', password: pw.value, note: 'IPS Administrator' }],
            io.out,
          );
        }
      }),
  },
  'settings get': {
    usage: 'settings get',
    help: 'Prints the server settings as JSON (allowedApiKeyNames, apiKeyLifetimeDays).',
    run: (args, io) =>
      withApp(io, async (app) => {
        only(args, 0, []);
        io.out.write(JSON.stringify(await app.get(ServerSettingsService).get(), null, 2) + '\n');
      }),
  },
  'settings set': {
    usage: 'settings set allowedApiKeyNames NAME[,NAME...] | settings set apiKeyLifetimeDays DAYS|null',
    help: 'Changes one server setting, validated as PATCH /admin/api/settings does, and prints the settings.',
    run: (args, io) =>
      withApp(io, async (app) => {
        only(args, 2, []);
        const [name, raw] = args.positional;
        let value: unknown;
        if (name === 'allowedApiKeyNames') value = raw.split(',').map((s) => s.trim());
        else if (name === 'apiKeyLifetimeDays') {
          if (raw !== 'null' && !/^\d+(\.\d+)?$/.test(raw)) throw new UsageError('apiKeyLifetimeDays must be a number of days or null');
          value = raw === 'null' ? null : Number(raw);
        } else throw new UsageError(`unknown setting ${name} (allowedApiKeyNames, apiKeyLifetimeDays)`);
        const dto = await checked(UpdateServerSettingsDto, { [name]: value });
        io.out.write(JSON.stringify(await app.get(ServerSettingsService).update(dto, ACTOR), null, 2) + '\n');
      }),
  },
  'secret rotate': {
    usage: 'secret rotate --yes',
    help:
      'Makes the database accept the IPS_SECRET now set, after a deliberate rotation: deletes every API key and every ' +
      'website session (they were made with the old secret and cannot be checked any more). Needs --yes.',
    run: async (args, io) => {
      only(args, 0, ['yes']);
      if (!args.flags.has('yes')) throw new UsageError('rotating IPS_SECRET deletes every API key and session; it needs --yes');
      const config = loadConfig(io.env);
      // No application context: it would refuse to start with the new secret, by design.
      const dataSource = await new DataSource(await dataSourceOptions(config.database)).initialize();
      try {
        await dataSource.runMigrations({ transaction: 'each' });
        const removed = await dataSource.transaction(async (manager) => {
          const keys = await manager.createQueryBuilder().delete().from(ApiKey).execute();
          const sessions = await manager.createQueryBuilder().delete().from(Session).execute();
          return { keys: keys.affected ?? 0, sessions: sessions.affected ?? 0 };
        });
        await replaceSecretVerifier(dataSource, config.secret);
        io.out.write(`IPS_SECRET rotated: ${removed.keys} API key(s) and ${removed.sessions} session(s) deleted; users generate new keys\n`);
      } finally {
        await dataSource.destroy();
      }
    },
  },
};

function overview(): string {
  return [
    `IPS server ${SERVER_VERSION} administration (the IPS Administrator's commands, on the database the server uses)`,
    '',
    'Usage: npm run ips -- COMMAND [options]     (or: node dist/src/cli/ips.js COMMAND)',
    '',
    'Commands:',
    ...Object.values(COMMANDS).map((c) => `  ${c.usage}`),
    '',
    'Configuration as for the server: DATABASE_URL, IPS_SECRET, DATA_DIR (and a .env file).',
    'Every command takes --help.',
  ].join('\n');
}

/** Runs one command; returns the exit code (0 done, 1 failed, 2 wrong usage). */
export async function runIps(argv: string[], io: CliIo): Promise<number> {
  let command: Command | undefined;
  try {
    const args = parseArgs(argv, ['password']);
    const key = args.positional.slice(0, 2).join(' ');
    command = COMMANDS[key];
    if (!command) {
      if (args.positional.length === 0) {
        io.out.write(overview() + '\n');
        return args.flags.has('help') ? 0 : 2;
      }
      const group = Object.keys(COMMANDS).filter((k) => k.startsWith(args.positional[0] + ' '));
      if (group.length && args.flags.has('help') && args.positional.length === 1) {
        io.out.write(group.map((k) => `Usage: npm run ips -- ${COMMANDS[k].usage}\n  ${COMMANDS[k].help}`).join('\n\n') + '\n');
        return 0;
      }
      io.err.write(
        group.length
          ? `Unknown command "${key}". ${args.positional[0]} commands:\n${group.map((k) => `  ${COMMANDS[k].usage}`).join('\n')}\n`
          : `Unknown command "${args.positional.join(' ')}".\n\n${overview()}\n`,
      );
      return 2;
    }
    if (args.flags.has('help')) {
      io.out.write(`Usage: npm run ips -- ${command.usage}\n\n${command.help}\n`);
      return 0;
    }
    await command.run({ positional: args.positional.slice(2), flags: args.flags }, io);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err.write(`error: ${error.message}\n${command ? `Usage: npm run ips -- ${command.usage}\n` : ''}`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.err.write(`error: ${error instanceof DomainError ? message : message.split('\n')[0]}\n`);
    return 1;
  }
}

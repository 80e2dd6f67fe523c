import 'reflect-metadata';
import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import fc from 'fast-check';
import { LoginDto } from '../../auth/dto/login.dto';
import { DomainError } from '../errors/domain-error';
import { CashflowDto, ProjectDto } from '../../projects/dto/project.dto';
import { shortMessages, validationMessages } from './validation-messages';
import { BodyValidationPipe, tooManyUnknownProperties } from './unknown-properties';

const options = { whitelist: true, forbidNonWhitelisted: true, transform: true };
const stock = new ValidationPipe({ ...options, exceptionFactory: (errors) => new Error(shortMessages(validationMessages(errors))) });
const ours = new BodyValidationPipe({ ...options, exceptionFactory: (errors) => new Error(shortMessages(validationMessages(errors))) });

/** The 400's text, or null when the pipe accepts the body. */
async function messageOf(pipe: ValidationPipe, body: object, metatype: ArgumentMetadata['metatype']): Promise<string | null> {
  try {
    await pipe.transform(body, { type: 'body', metatype });
    return null;
  } catch (error) {
    return error instanceof DomainError || error instanceof Error ? error.message : String(error);
  }
}

const project = { name: 'P', region: 'R', status: 'Approved', owner: null, startDate: '2030-01-01', capex: 1, npv: 1 };
const login = { loginId: 'Administrator', password: 'secret' };
const unknownKeys = fc.uniqueArray(
  fc
    .string({ minLength: 1, maxLength: 12 })
    .filter(
      (k) => !['name', 'region', 'status', 'owner', 'startDate', 'capex', 'npv', 'loginId', 'password'].includes(k) && k !== '__proto__' && k !== 'constructor',
    ),
  { minLength: 0, maxLength: 60 },
);

describe('BodyValidationPipe (unknown properties refused before class-transformer)', () => {
  it('gives the stock ValidationPipe answer for valid bodies with any number of unknown keys', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom([ProjectDto, project] as const, [LoginDto, login] as const), unknownKeys, async ([type, valid], keys) => {
        const body = { ...valid, ...Object.fromEntries(keys.map((k, i) => [k, i])) };
        const expected = await messageOf(stock, structuredClone(body), type);
        const actual = await messageOf(ours, structuredClone(body), type);
        expect(actual).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses more than ten unknown keys without validating the declared ones, naming the first ten', async () => {
    const body = { name: 42, ...Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`x${i}`, i])) };
    const message = await messageOf(ours, body, ProjectDto);
    expect(message).toMatch(/^property x0 should not exist; .*property x9 should not exist; and 15 more$/);
    // The stock pipe also validates the declared fields: it counts their errors too.
    expect(await messageOf(stock, body, ProjectDto)).toMatch(/and 32 more$/);
  });

  it('leaves ten unknown keys or fewer, arrays and undecorated types to the full validation', () => {
    const ten = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`x${i}`, i]));
    expect(tooManyUnknownProperties(ProjectDto, ten)).toBeNull();
    expect(tooManyUnknownProperties(CashflowDto, { ...ten, y: 1 })).toMatch(/^property x0 should not exist/);
    expect(tooManyUnknownProperties(Object, { ...ten, y: 1 })).toBeNull();
  });
});

// The OpenAPI document served at /api/docs-json, from which internal services generate
// clients (README "Web API"). Operations, parameters and schemas come from the controllers'
// decorators and JSDoc (the @nestjs/swagger plugin); this file adds what belongs to the whole.
// Descriptions avoid angle-bracket placeholders: Swagger UI renders them as HTML and eats them.
import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { SECURITY_SCHEMES } from './access/auth.decorators';
import { SESSION_COOKIE } from './access/request';
import { ErrorBody, ODataErrorBody } from './core/errors/error-body.dto';

/** Every tag an operation may carry, with what the area is for (in the order Swagger UI shows them). */
const TAGS: [name: string, description: string][] = [
  ['Planning data', 'Projects and their yearly cashflows (SPEC 6): Data/Read to read, Data/Write to change; API keys accepted.'],
  ['Me', "The caller's own account: who is signed in, and changing one's password."],
  ['API keys', 'Generating (website session only), inspecting and deleting API keys.'],
  ['Users', 'User administration (Security/Security, website session only).'],
  ['Workgroups', 'Workgroups, their members and the roles they allow or deny (Security/Security, website session only).'],
  ['Roles', 'The fixed role catalogue.'],
  ['Tenant settings', "The tenant's settings and its SAML2 identity provider (Administrators, website session only)."],
  ['Audit', "The tenant's audit log (Security/Security, website session only)."],
  ['Tenant website', 'What the tenant website pages read: tenant information and how to connect an OData client.'],
  ['Sign-in', 'Website sign-in and sign-out, with a password or SAML2 single sign-on.'],
  ['OData', 'The OData v4 feed for Excel Power Query and Power BI; its resources are described by its own $metadata.'],
  ['IPS administration', 'Server settings and tenants, for the IPS Administrator (HTTP Basic).'],
  ['Health', 'Readiness and liveness checks for load balancers and orchestrators.'],
];

export function openApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('IPS server')
    .setDescription(
      'Web API of the IPS server. Tenant routes live under /{tenant}/api/v1. Administration routes need a website session; ' +
        'data routes and /me also take an API key (Bearer, or Basic with an allowed key name). /admin/api needs the IPS Administrator. ' +
        'Every error answer has the ErrorBody shape (the OData feed: ODataErrorBody).',
    )
    .setVersion('1')
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    // Relative: the server that serves this document (behind a proxy, PUBLIC_URL's host).
    .addServer('/', 'This server')
    .addCookieAuth(
      SESSION_COOKIE,
      { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Website session cookie, set by POST /{tenant}/auth/login' },
      SECURITY_SCHEMES.session,
    )
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'psk_ API key', description: 'An API key as a bearer token: `Authorization: Bearer psk_...`' },
      SECURITY_SCHEMES.bearer,
    )
    .addBasicAuth(
      {
        type: 'http',
        scheme: 'basic',
        description:
          'HTTP Basic in one of three forms: KEYNAME:KEY (an allowed key name such as FeedKey, and an API key) on the Web API data routes, /me and OData; ' +
          'LOGINID:PASSWORD (a Local account) on OData only; admin:PASSWORD (the IPS Administrator) on /admin/api.',
      },
      SECURITY_SCHEMES.basic,
    );
  for (const [name, description] of TAGS) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build(), { extraModels: [ErrorBody, ODataErrorBody] });
  // Public operations say so (`security: []`) rather than leaving a client to guess.
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (operation && !operation.security) operation.security = [];
    }
  }
  return document;
}

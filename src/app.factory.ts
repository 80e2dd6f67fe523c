// Builds the Nest application on Fastify with everything main.ts and the e2e tests share.
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import { LoggerService, ValidationError, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { SECURITY_SCHEMES } from './access/auth.decorators';
import { SESSION_COOKIE } from './access/request';
import { AppExceptionFilter } from './app.exception-filter';
import { badRequest, CommonErrorCode } from './core/errors/domain-error';
import { JsonLogger } from './core/logging/json-logger';
import { AppConfig } from './core/config/app-config';
import { clientErrorHandler, frameworkErrors, unparsedBody } from './odata/odata-edge';
import { registerWebHttp } from './web/web-http';
import { registerObservability } from './observability/observability';
import { randomUUID } from 'node:crypto';

/** "loginMethods.local must be a boolean value; property foo should not exist" */
function validationMessages(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => (parent && message.startsWith(error.property) ? parent + '.' + message : message));
    return [...own, ...validationMessages(error.children ?? [], path)];
  });
}

export async function createApp(config: AppConfig, logger: LoggerService = new JsonLogger(config.logLevel)): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    logger: false,
    bodyLimit: 10 * 1024 * 1024,
    trustProxy: false,
    // A request id per request, for the access log and the X-Request-Id response header.
    genReqId: () => randomUUID(),
    routerOptions: { ignoreTrailingSlash: true },
    // OData clients get the OData error body for errors raised below the app, too.
    frameworkErrors,
    clientErrorHandler,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, { logger, bufferLogs: false });
  app.getHttpAdapter().getInstance().addContentTypeParser('*', unparsedBody);
  await app.register(fastifyCookie);
  // CSP off here because Swagger UI needs inline script; the website's pages set a strict one (src/web).
  await app.register(fastifyHelmet, { contentSecurityPolicy: false, hsts: config.publicUrl?.protocol === 'https:' });
  await registerWebHttp(app);

  // Request id, access log, Prometheus series and /metrics (src/observability).
  registerObservability(app, config, logger instanceof JsonLogger ? logger : null);

  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => badRequest(CommonErrorCode.InvalidBody, validationMessages(errors).join('; ')),
    }),
  );
  app.useGlobalFilters(new AppExceptionFilter());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('IPS server')
      .setDescription(
        'Web API of the IPS server. Tenant routes live under /{tenant}/api/v1. Administration routes need a website session; ' +
          'data routes and /me also take an API key (Bearer, or Basic with an allowed key name). /admin/api needs the IPS Administrator.',
      )
      .setVersion('1')
      .addCookieAuth(
        SESSION_COOKIE,
        { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Website session (POST /{tenant}/auth/login)' },
        SECURITY_SCHEMES.session,
      )
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'psk_ API key', description: 'API key as a bearer token' }, SECURITY_SCHEMES.bearer)
      .addBasicAuth(
        { type: 'http', scheme: 'basic', description: 'Basic <allowed key name>:<API key>, <loginId>:<password> on OData, or admin:<password> on /admin/api' },
        SECURITY_SCHEMES.basic,
      )
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}

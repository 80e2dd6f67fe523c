// Builds the Nest application on Fastify with everything main.ts and the e2e tests share.
import fastifyCookie from '@fastify/cookie';
import { LoggerService } from '@nestjs/common';
import { BodyValidationPipe } from './core/validation/unknown-properties';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { AppExceptionFilter } from './app.exception-filter';
import { badRequest, CommonErrorCode } from './core/errors/domain-error';
import { AppLogger } from './core/logging/app-logger';
import { requestId } from './core/logging/request-log';
import { registerBodyParsers } from './core/http/json-body';
import { installCheapAsyncResourceBind } from './core/http/async-resource-bind';
import { applySecurityHeaders, securityHeaders } from './core/http/security-headers';
import { shortMessages, validationMessages } from './core/validation/validation-messages';
import { AppConfig } from './core/config/app-config';
import { clientErrorHandler, frameworkErrors, unparsedBody } from './odata/odata-edge';
import { registerWebHttp } from './web/web-http';
import { registerEarlyThrottle } from './early-throttle.hook';
import { registerObservability } from './observability/observability';
import { openApiDocument } from './openapi-document';

export async function createApp(
  config: AppConfig,
  logger: LoggerService = new AppLogger(config.logLevel, undefined, config.logFormat),
): Promise<NestFastifyApplication> {
  // Before any request: Fastify binds a callback per request body (src/core/http/async-resource-bind.ts).
  installCheapAsyncResourceBind();
  const adapter = new FastifyAdapter({
    logger: false,
    // The largest body any route takes (an IdP metadata document); small-body routes set their own (BodyLimit).
    bodyLimit: 1024 * 1024,
    trustProxy: false,
    routerOptions: { ignoreTrailingSlash: true },
    // A caller's X-Request-Id (if well-formed) or a fresh one; logged and echoed back.
    requestIdHeader: false,
    genReqId: requestId,
    // Node's default 16 KiB for the request line and headers made the OData parser's promised
    // 24,000-character query string unreachable (issue 10); 32 KiB leaves room for headers.
    http: { maxHeaderSize: 32 * 1024 },
    // OData clients get the OData error body for errors raised below the app, too.
    frameworkErrors,
    clientErrorHandler,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger,
    bufferLogs: false,
    // A failed start-up is thrown to the caller (main.ts prints one readable line), not exit(1).
    abortOnError: false,
    bodyParser: false,
  });
  // Bounded JSON and form parsers in place of Nest's, and per-route body limits (issue 10).
  registerBodyParsers(app.getHttpAdapter().getInstance());
  app.getHttpAdapter().getInstance().addContentTypeParser('*', unparsedBody);
  await app.register(fastifyCookie);
  // CSP off here because Swagger UI needs inline script; the website's pages set a strict one (src/web).
  const security = securityHeaders({ contentSecurityPolicy: false, hsts: config.publicUrl?.protocol === 'https:' });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (req, reply, done) => {
      applySecurityHeaders(security, reply.raw);
      done();
    });
  await registerWebHttp(app);

  // Request id header, access log, Prometheus series and /metrics (src/observability).
  registerObservability(app, config, logger instanceof AppLogger ? logger : null);
  // After the request id and the access log's hooks, so an early 429 is logged and counted like any answer.
  registerEarlyThrottle(app, config);

  app.useGlobalPipes(
    new BodyValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => badRequest(CommonErrorCode.InvalidBody, shortMessages(validationMessages(errors))),
    }),
  );
  app.useGlobalFilters(new AppExceptionFilter());

  const document = openApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}

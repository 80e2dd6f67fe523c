// Fastify-level parts of the website: compression, the hashed assets, and Cache-Control on
// answers that carry a user's data. Registered by app.factory before the routes.
import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { ASSETS_DIR, ASSETS_PREFIX } from './frontend-build';

/**
 * A response is private when the request was authenticated or could have been (it sent
 * credentials, or it set a session cookie): browsers and proxies must not keep it, so the
 * back button after sign-out cannot bring a user's data back from a cache.
 */
export function isPrivateAnswer(req: FastifyRequest, reply: FastifyReply): boolean {
  return (
    (req as { caller?: unknown }).caller !== undefined ||
    req.headers.authorization !== undefined ||
    req.headers.cookie !== undefined ||
    reply.hasHeader('set-cookie')
  );
}

export function noStoreHook(req: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void): void {
  if (!reply.hasHeader('cache-control') && isPrivateAnswer(req, reply)) void reply.header('Cache-Control', 'no-store');
  done(null, payload);
}

export async function registerWebHttp(app: NestFastifyApplication): Promise<void> {
  // gzip/deflate/br for every answer that asks (pages, JSON, OData); the hashed assets are
  // compressed once at build time (preCompressed) rather than on every request.
  await app.register(fastifyCompress, { encodings: ['br', 'gzip', 'deflate'] });
  // Its onSend hook asks of every answer whether it is a fetch `Response`, and the first read of
  // that global loads Node's fetch implementation (undici): about 8 ms that the first request
  // after a start would wait for. Read it now, while the server starts.
  if (typeof globalThis.Response !== 'function') throw new Error('This Node.js has no fetch Response');
  app.getHttpAdapter().getInstance().addHook('onSend', noStoreHook);
  if (existsSync(ASSETS_DIR)) {
    await app.register(fastifyStatic, {
      root: ASSETS_DIR,
      prefix: ASSETS_PREFIX,
      preCompressed: true,
      // Names carry a content hash: a changed file is a new URL, so a year is safe.
      immutable: true,
      maxAge: '365d',
      index: false,
      list: false,
      decorateReply: false,
      wildcard: true,
    });
  }
}

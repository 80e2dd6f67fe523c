// Sequential HTTP on one keep-alive connection, as Power Query walks a feed.
import { Agent, request } from 'node:http';
import { gunzipSync, inflateSync } from 'node:zlib';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Bytes on the wire (compressed when the answer was). */
  wireBytes: number;
}

export class HttpClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });

  constructor(private readonly port: number) {}

  call(method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<Reply> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: this.port,
          method,
          path,
          agent: this.agent,
          headers: { ...headers, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            // A walk that asked for gzip/deflate (Power Query does) decompresses as its client would.
            const raw = Buffer.concat(chunks);
            const encoding = res.headers['content-encoding'];
            const body = encoding === 'gzip' ? gunzipSync(raw) : encoding === 'deflate' ? inflateSync(raw) : raw;
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: body.toString('utf8'), wireBytes: raw.length });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  }

  async expect(status: number, method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<Reply> {
    const reply = await this.call(method, path, headers, body);
    if (reply.status !== status) throw new Error(`${method} ${path}: expected ${status}, got ${reply.status} ${reply.body.slice(0, 300)}`);
    return reply;
  }

  close(): void {
    this.agent.destroy();
  }
}

// Debian's nginx as the load balancer of the scale tests: a config of its own in a temporary
// folder, loopback ports only, started in the foreground and stopped by stop(). One port
// balances over every server; one port per server reaches that server through the same
// proxy (so a test can say which process answers while still going through nginx).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startDaemon } from './processes';

export interface Nginx {
  /** Balances over every upstream (round robin). */
  url: string;
  /** urls[i] goes to upstream i only, through nginx. */
  urls: string[];
  accessLog: () => string;
  stop(): Promise<void>;
}

export async function startNginx(upstreamPorts: number[]): Promise<Nginx> {
  const dir = mkdtempSync(join(tmpdir(), 'ips-nginx-'));
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, sub));
  const ports = [await freePort(), ...(await Promise.all(upstreamPorts.map(() => freePort())))];
  const proxy = `
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_read_timeout 120s;
      # a process that is shutting down answers 503 to requests on kept-alive connections
      proxy_next_upstream error timeout http_503;`;
  const server = (port: number, upstream: string) => `
    server {
      listen 127.0.0.1:${port};
      location / { proxy_pass http://${upstream};${proxy} }
    }`;
  const config = `
user root;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 1024; }
http {
  access_log ${join(dir, 'access.log')};
  client_body_temp_path ${join(dir, 'body')};
  proxy_temp_path ${join(dir, 'proxy')};
  fastcgi_temp_path ${join(dir, 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'uwsgi')};
  scgi_temp_path ${join(dir, 'scgi')};
  client_max_body_size 10m;
  upstream ips_all {
${upstreamPorts.map((p) => `    server 127.0.0.1:${p};`).join('\n')}
    keepalive 16;
  }
${upstreamPorts.map((p, i) => `  upstream ips_${i} { server 127.0.0.1:${p}; keepalive 4; }`).join('\n')}
${server(ports[0], 'ips_all')}
${upstreamPorts.map((_, i) => server(ports[i + 1], `ips_${i}`)).join('\n')}
}
`;
  const file = join(dir, 'nginx.conf');
  writeFileSync(file, config);
  const daemon = await startDaemon('nginx', ['-p', dir, '-c', file, '-g', 'daemon off;'], ports[0], dir, 'SIGQUIT');
  return {
    url: `http://127.0.0.1:${ports[0]}`,
    urls: ports.slice(1).map((p) => `http://127.0.0.1:${p}`),
    accessLog: () => readFileSync(join(dir, 'access.log'), 'utf8'),
    stop: () => daemon.stop(),
  };
}

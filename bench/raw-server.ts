// Scenario 0: the physical limit. A bare node:http server answering what GET /health/live
// answers, with the same headers' weight (JSON, keep-alive), in its own process like the server.
import { createServer } from 'node:http';

const body = JSON.stringify({ status: 'ok' });
const port = Number(process.argv[2] ?? 0);
createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}).listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));

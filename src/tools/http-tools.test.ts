import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyTool } from '../agent/tool.ts';
import { HostNotAllowed } from '../errors/host-not-allowed.ts';
import { checkUrlAllowed } from './allowed-hosts.ts';
import { httpTools } from './http-tools.ts';

let server: Server;
let base: string;
let port: number;
const requests: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];
const context = { signal: new AbortController().signal, toolCallId: 'call', agent: 'tester' };
const call = (tool: AnyTool, input: unknown) =>
  Promise.resolve(tool.execute(tool.input.parse(input), context));

beforeAll(async () => {
  server = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
    if (request.url === '/big') {
      response.end('y'.repeat(5000));
    } else if (request.url === '/elsewhere') {
      response.writeHead(302, { location: `http://localhost:${port}/data` }).end();
    } else if (request.url === '/moved') {
      response.writeHead(301, { location: '/data' }).end();
    } else {
      response.writeHead(request.url === '/missing' ? 404 : 200, { 'content-type': 'text/plain' });
      response.end(`${request.method} ${request.url} ${body}`);
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});

describe('http_get and http_post', () => {
  it('fetch from an allowed host; any status is a result', async () => {
    const tools = httpTools({ allowedHosts: ['127.0.0.1'] });
    expect(await call(tools.http_get, { url: `${base}/data?q=1` })).toEqual({
      status: 200,
      content_type: 'text/plain',
      body: 'GET /data?q=1 ',
    });
    expect(await call(tools.http_get, { url: `${base}/missing` })).toMatchObject({ status: 404 });
    expect(tools.http_get.idempotent).toBe(true);
    expect(tools.http_post.idempotent).toBe(false);
  });

  it('post text as is and other values as JSON', async () => {
    const tools = httpTools({ allowedHosts: [`127.0.0.1:${port}`] });
    expect(await call(tools.http_post, { url: `${base}/echo`, body: 'plain' })).toMatchObject({
      body: 'POST /echo plain',
    });
    await call(tools.http_post, { url: `${base}/echo`, body: { a: [1, 2] }, headers: { 'x-team': 'vega' } });
    const last = requests.at(-1);
    expect(last?.body).toBe('{"a":[1,2]}');
    expect(last?.headers['content-type']).toBe('application/json');
    expect(last?.headers['x-team']).toBe('vega');
  });

  it('refuse other hosts, other schemes, and redirects that leave the allowed hosts', async () => {
    const tools = httpTools({ allowedHosts: ['127.0.0.1', 'api.example.com'] });
    const refused = await call(tools.http_get, { url: `http://localhost:${port}/data` }).catch(
      (caught: unknown) => caught,
    );
    expect(refused).toBeInstanceOf(HostNotAllowed);
    expect((refused as HostNotAllowed).message).toBe(
      `Request to 'http://localhost:${port}/data' is not allowed; allowed hosts: 127.0.0.1, api.example.com.`,
    );
    await expect(call(tools.http_get, { url: 'file:///etc/passwd' })).rejects.toThrow("the scheme 'file'");
    const before = requests.length;
    await expect(call(tools.http_get, { url: `${base}/elsewhere` })).rejects.toThrow(
      `Request to 'http://localhost:${port}/data' is not allowed`,
    );
    expect(requests.length).toBe(before + 1);
    expect(await call(tools.http_get, { url: `${base}/moved` })).toMatchObject({ body: 'GET /data ' });
    await expect(call(httpTools({ allowedHosts: [] }).http_get, { url: base })).rejects.toThrow(
      'no host is allowed here',
    );
  });

  it('cap the body they read', async () => {
    const tools = httpTools({ allowedHosts: ['127.0.0.1'], maxBodyBytes: 100 });
    expect(await call(tools.http_get, { url: `${base}/big` })).toEqual({
      status: 200,
      content_type: null,
      body: 'y'.repeat(100),
      truncated: true,
    });
  });
});

describe('checkUrlAllowed', () => {
  it('matches names without case, ports when listed, and sub-domains only through a wildcard', () => {
    const allowed = ['API.github.com', '127.0.0.1:8080', '*.example.com'];
    expect(checkUrlAllowed('https://api.GitHub.com/x', allowed).hostname).toBe('api.github.com');
    expect(() => checkUrlAllowed('http://127.0.0.1:8080/', allowed)).not.toThrow();
    expect(() => checkUrlAllowed('http://127.0.0.1:9090/', allowed)).toThrow(HostNotAllowed);
    expect(() => checkUrlAllowed('https://a.b.example.com/', allowed)).not.toThrow();
    expect(() => checkUrlAllowed('https://example.com/', allowed)).toThrow(HostNotAllowed);
    expect(() => checkUrlAllowed('https://evilexample.com/', allowed)).toThrow(HostNotAllowed);
    expect(() => checkUrlAllowed('https://api.github.com.evil.io/', allowed)).toThrow(HostNotAllowed);
    expect(() => checkUrlAllowed('not a url', allowed)).toThrow('not a valid absolute URL');
  });
});

import http from 'node:http';
import net from 'node:net';
import { freePorts, portRange, waitUntilReady } from '../../scripts/processes';

const listen = (port: number) =>
  new Promise<net.Server>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });

describe('ports for the processes a test or npm start launches', () => {
  it('gives each Jest worker its own slice, below the range the kernel picks from for port 0', () => {
    const slices = [1, 2, 3, 8].map((w) => portRange(String(w)));
    for (const [low, high] of slices) {
      expect(low).toBeGreaterThanOrEqual(20_000);
      expect(high).toBeLessThanOrEqual(32_768);
    }
    for (let i = 1; i < slices.length; i++) expect(slices[i][0]).toBeGreaterThanOrEqual(slices[i - 1][1]);
    expect(portRange('')).toEqual([20_000, 32_000]);
    expect(portRange('9')).toEqual(portRange('1'));
  });

  it('hands out different ports, from its own slice, that nobody is listening on', async () => {
    const [low, high] = portRange();
    const first = await freePorts(6);
    const second = await freePorts(6);
    const all = [...first, ...second];
    expect(new Set(all).size).toBe(12);
    for (const port of all) {
      expect(port).toBeGreaterThanOrEqual(low);
      expect(port).toBeLessThan(high);
    }
    const servers = await Promise.all(first.map(listen));
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  });

  it('passes over a port someone is listening on', async () => {
    const [low, high] = portRange();
    const next = (port: number) => (port + 1 >= high ? low : port + 1);
    const [port] = await freePorts(1);
    const taken = [next(port), next(next(port))];
    const servers = await Promise.all(taken.map(listen));
    try {
      const [given] = await freePorts(1);
      expect(taken).not.toContain(given);
      expect(given).toBeGreaterThanOrEqual(low);
      expect(given).toBeLessThan(high);
    } finally {
      await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    }
  });
});

describe('waiting for the processes to be ready', () => {
  const serve = (service: string) =>
    new Promise<http.Server>((resolve) => {
      const server = http.createServer((_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ service, ready: true }));
      });
      server.listen(0, '127.0.0.1', () => resolve(server));
    });
  const urlOf = (server: http.Server) =>
    `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/readyz`;

  it('takes a ready answer from the service it waits for', async () => {
    const server = await serve('disability');
    try {
      const ready: string[] = [];
      await waitUntilReady([{ name: 'disability', entry: '', readyUrl: urlOf(server) }], 5000, (spec) =>
        ready.push(spec.name),
      );
      expect(ready).toEqual(['disability']);
    } finally {
      server.close();
    }
  });

  it('refuses a ready answer from another service on the port, naming both', async () => {
    const server = await serve('charity');
    try {
      await expect(
        waitUntilReady([{ name: 'disability', entry: '', readyUrl: urlOf(server) }], 5000),
      ).rejects.toThrow(/answers as charity, not disability/);
    } finally {
      server.close();
    }
  });
});

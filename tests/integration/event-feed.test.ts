/**
 * The gateway's event feed is quiet while civil affairs starts alongside it, and says once when
 * that takes long, once when a working feed is lost and once when it is back — not once per retry.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ServiceCredential } from '../../shared/auth';
import { Department } from '../../shared/departments';
import { log } from '../../shared/logging';
import { EventFeed } from '../../gateway/src/subscriptions/event-feed';
import { AUTH } from '../helpers/system';

/** a stand-in for civil affairs' event log: an empty log, each long poll answered after 50 ms */
function fakeCivilAffairs() {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const data = body.includes('eventLogHead') ? { eventLogHead: '0' } : { eventLog: [] };
      setTimeout(() => res.end(JSON.stringify({ data })), 50);
    });
  });
  return {
    up: (port = 0) =>
      new Promise<number>((resolve) =>
        server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
      ),
    down: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the event feed’s log lines', () => {
  let lines: string[];
  let feed: EventFeed | undefined;

  beforeEach(() => {
    lines = [];
    jest.spyOn(log, 'warn').mockImplementation((m) => void lines.push(`warn: ${m}`));
    jest.spyOn(log, 'info').mockImplementation((m) => void lines.push(m));
  });
  afterEach(() => {
    feed?.stop();
    jest.restoreAllMocks();
  });

  function startFeed(port: number, slowStartMs: number) {
    const credential = new ServiceCredential(AUTH, Department.CIVIL_AFFAIRS, 'test-feed');
    feed = new EventFeed(`http://127.0.0.1:${port}/graphql`, 1000, credential, 50, 1000, slowStartMs);
    feed.start();
  }

  it('waits quietly for civil affairs to come up, and warns once when that takes long', async () => {
    const civilAffairs = fakeCivilAffairs();
    const port = await civilAffairs.up();
    await civilAffairs.down();
    startFeed(port, 10_000);
    await sleep(600);
    expect(lines).toEqual([]);
    feed!.stop();

    startFeed(port, 300);
    await sleep(1000);
    expect(lines).toEqual([
      expect.stringMatching(/^warn: event feed: civil affairs not reachable after 0.3 s; still trying$/),
    ]);
    await civilAffairs.up(port);
    await sleep(400);
    expect(lines.slice(1)).toEqual(['event feed: civil affairs reached']);
    await civilAffairs.down();
  });

  it('says once when a working feed is lost and once when it is back', async () => {
    const civilAffairs = fakeCivilAffairs();
    const port = await civilAffairs.up();
    startFeed(port, 10_000);
    await sleep(300);
    expect(lines).toEqual([]);
    await civilAffairs.down();
    await sleep(800);
    expect(lines).toEqual(['warn: event feed: lost civil affairs; retrying until it is back']);
    await civilAffairs.up(port);
    await sleep(400);
    expect(lines).toEqual([
      'warn: event feed: lost civil affairs; retrying until it is back',
      'event feed: civil affairs reachable again',
    ]);
    await civilAffairs.down();
  });
});

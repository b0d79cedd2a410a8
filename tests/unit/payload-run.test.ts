import { PAYLOAD_CONCURRENCY, PayloadCache, run } from '../../gateway/src/subscriptions/payload';

describe("the gateway's payload queries for subscribers", () => {
  it(`run at most ${PAYLOAD_CONCURRENCY} at a time, the rest in turn, every one answered`, async () => {
    let inFlight = 0;
    let most = 0;
    const results = await Promise.all(
      Array.from({ length: PAYLOAD_CONCURRENCY * 3 + 5 }, (_, i) =>
        run(async () => {
          most = Math.max(most, ++inFlight);
          await new Promise((resolve) => setTimeout(resolve, 5 + (i % 7)));
          inFlight--;
          if (i === 3) throw new Error('the gateway failed');
          return { data: { i } };
        }),
      ),
    );
    expect(most).toBe(PAYLOAD_CONCURRENCY);
    expect(results.filter((r) => r.data).map((r) => r.data!.i)).toHaveLength(PAYLOAD_CONCURRENCY * 3 + 4);
    expect(results[3].errors![0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    // a failure gives its turn back: the next burst is not held up
    let after = 0;
    await Promise.all(
      Array.from({ length: PAYLOAD_CONCURRENCY }, () => run(async () => ({ data: { n: ++after } }))),
    );
    expect(after).toBe(PAYLOAD_CONCURRENCY);
  });

  it('are shared while they succeed, and a failed one is run again by the next subscriber (a replay after reconnect)', async () => {
    const cache = new PayloadCache();
    let runs = 0;
    const load = (ok: boolean) => async () => ({ ok, n: ++runs });
    const keep = (v: { ok: boolean }) => v.ok;
    expect(await cache.get('event 7', load(false), keep)).toEqual({ ok: false, n: 1 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(await cache.get('event 7', load(true), keep)).toEqual({ ok: true, n: 2 });
    expect(await cache.get('event 7', load(true), keep)).toEqual({ ok: true, n: 2 });
    const thrown = cache.get('event 8', () => Promise.reject(new Error('down')));
    await expect(thrown).rejects.toThrow('down');
    expect(await cache.get('event 8', load(true), keep)).toEqual({ ok: true, n: 3 });
  });
});

/**
 * The event sources behind subscriptions. Each waits on a doorbell that also rings when the
 * subscriber leaves, so a closed subscription lets go of the feed at once, not at the next event.
 */
import { GraphQLError } from 'graphql';
import type { EventFeed, LogEvent } from './event-feed';

/** How many events one page of the log holds (civil affairs' `eventLog(limit)`). */
const PAGE = 500;

/** An iterator whose `return()` (the subscriber left) also aborts `closed` for the generator it wraps. */
export function closable<T>(make: (closed: AbortSignal) => AsyncGenerator<T>): AsyncGenerator<T> {
  const controller = new AbortController();
  const generator = make(controller.signal);
  const stop = generator.return.bind(generator);
  generator.return = (value) => {
    controller.abort();
    return stop(value);
  };
  return generator;
}

class Doorbell {
  private ring: (() => void) | undefined;
  constructor(private readonly closed: AbortSignal) {
    closed.addEventListener('abort', () => this.wake(), { once: true });
  }
  wait(): Promise<void> {
    return this.closed.aborted ? Promise.resolve() : new Promise((resolve) => (this.ring = resolve));
  }
  wake(): void {
    const ring = this.ring;
    this.ring = undefined;
    ring?.();
  }
}

/**
 * The end of a replay that would read more than `feed.replayLimit` events of the log: the
 * subscription ends with this error, whose `cursor` is the last event read; subscribing again with
 * `after: cursor` goes on from there, so a client catches up in bounded steps and misses nothing.
 */
export function replayLimitExceeded(limit: number, cursor: string): GraphQLError {
  return new GraphQLError(
    `replay limit: at most ${limit} events of the log are replayed at once; subscribe again with after: "${cursor}" to go on`,
    { extensions: { code: 'REPLAY_LIMIT_EXCEEDED', limit, cursor } },
  );
}

/**
 * Events after `after` from the log (at most `feed.replayLimit` of them), then live ones, in cursor
 * order, without duplicates.
 */
export async function* eventStream(
  feed: EventFeed,
  after: string | null,
  accept: (event: LogEvent) => boolean,
  closed: AbortSignal,
): AsyncGenerator<LogEvent> {
  const queue: LogEvent[] = [];
  const bell = new Doorbell(closed);
  // listening before the replay starts: what arrives meanwhile is queued, and dropped below if replayed
  const unsubscribe = feed.subscribe((event) => {
    queue.push(event);
    bell.wake();
  });
  try {
    let last = after;
    if (after !== null) {
      let read = 0;
      for (;;) {
        // one event past the limit is asked for, to tell "exactly the limit" from "more"
        const size = Math.min(PAGE, feed.replayLimit - read + 1);
        const page = await feed.page(last!, size);
        for (const event of page) {
          if (read === feed.replayLimit) throw replayLimitExceeded(feed.replayLimit, last!);
          read++;
          last = event.cursor;
          if (accept(event)) yield event;
          if (closed.aborted) return;
        }
        if (page.length < size) break;
      }
    }
    while (!closed.aborted) {
      while (queue.length) {
        const event = queue.shift()!;
        if (last !== null && BigInt(event.cursor) <= BigInt(last)) continue;
        last = event.cursor;
        if (accept(event)) yield event;
        if (closed.aborted) return;
      }
      await bell.wait();
    }
  } finally {
    unsubscribe();
  }
}

/**
 * One interval for every subscriber of a ticker, instead of a timer each: running while anyone
 * listens. Each beat has its own tag (`clock:<n>`, never reused), under which the subscribers of the
 * same shape and scope share one payload query.
 */
export class Clock {
  private readonly listeners = new Set<(tag: string) => void>();
  private timer: NodeJS.Timeout | undefined;
  private beats = 0;
  constructor(readonly everyMs: number) {}

  listen(listener: (tag: string) => void): () => void {
    this.listeners.add(listener);
    this.timer ??= setInterval(() => {
      const tag = `clock:${++this.beats}`;
      for (const l of this.listeners) l(tag);
    }, this.everyMs);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size || !this.timer) return;
      clearInterval(this.timer);
      this.timer = undefined;
    };
  }
}

/**
 * Yields at once (`undefined`: a payload of its own), then after each accepted event
 * (`event:<cursor>`) and each beat of `clock` (several close together count once, the latest tag
 * winning): a tag other than `undefined` is shared by every subscriber that ticks for the same reason.
 */
export async function* ticks(
  feed: EventFeed,
  accept: (event: LogEvent) => boolean,
  clock: Clock,
  closed: AbortSignal,
): AsyncGenerator<string | undefined> {
  let due: string | undefined;
  const bell = new Doorbell(closed);
  const unsubscribe = feed.subscribe((event) => {
    if (!accept(event)) return;
    due = `event:${event.cursor}`;
    bell.wake();
  });
  const stopBeats = clock.listen((tag) => {
    due = tag;
    bell.wake();
  });
  try {
    yield undefined;
    while (!closed.aborted) {
      if (due === undefined) await bell.wait();
      if (closed.aborted) return;
      if (due === undefined) continue;
      const tag = due;
      due = undefined;
      yield tag;
    }
  } finally {
    stopBeats();
    unsubscribe();
  }
}

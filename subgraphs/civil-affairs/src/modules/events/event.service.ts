import type { EntityManager } from 'typeorm';
import { Identity } from '../../../../../shared/auth';
import { InvalidInputError } from '../../../../../shared/errors';
import type { EventSignal } from './event-signal';
import type { EventRepository, LoggedEvent, NewEvent } from './event.repository';

/** The longest a gateway's long poll of the log waits for the next event. */
const MAX_WAIT_MS = 25_000;

/**
 * The event log: writers append an event in their own transaction and call `committed` once it has
 * committed; the gateways read the log after a cursor (and long-poll it) to push events to subscribers.
 */
export class EventService {
  constructor(
    private readonly events: EventRepository,
    private readonly signal: EventSignal,
  ) {}

  append(tx: EntityManager, event: NewEvent): Promise<void> {
    return this.events.append(tx, event);
  }

  /** Wakes this instance's long polls at once (other instances hear the NOTIFY). */
  committed(): void {
    this.signal.wake();
  }

  /** The event log, after a cursor, for the gateways that push events to subscribers. */
  /** With `waitMs`, waits (up to 25 s) for the next event when there is none yet: a long poll. */
  async after(after: string | null, limit: number, identity: Identity, waitMs = 0): Promise<LoggedEvent[]> {
    if (after !== null && !/^\d{1,19}$/.test(after))
      throw new InvalidInputError('after', 'is not a cursor', 'FORMAT');
    const page = () => this.events.after(after ?? '0', Math.min(Math.max(limit, 1), 1000));
    let rows = await page();
    if (!rows.length && waitMs > 0) {
      await this.signal.wait(Math.min(waitMs, MAX_WAIT_MS));
      if (this.signal.closed) return rows;
      rows = await page();
    }
    return rows;
  }

  lastCursor(): Promise<string> {
    return this.events.lastCursor();
  }
}

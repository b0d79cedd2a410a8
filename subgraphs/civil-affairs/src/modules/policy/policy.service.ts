import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { Identity } from '../../../../../shared/auth';
import { InvalidInputError, NotFoundError } from '../../../../../shared/errors';
import { log } from '../../../../../shared/logging';
import { parentRegionCode } from '../../../../../shared/regions';
import type { RegionService } from '../registry/region.service';
import type { CalendarDayEntity } from './calendar-day.entity';
import { Calendar, calendarWarning } from './engine';
import { chinaDate } from '../../../../../shared/policy/durations';
import { PolicyPack, packSchema } from './pack.schema';
import type { PolicyPackEntity } from './policy-pack.entity';
import type { PolicyRepository } from './policy.repository';
import type { RegionPackEntity } from './region-pack.entity';

/** The packs shipped with the platform (policy-packs/*.json), published at start-up when missing. */
export const SHIPPED_PACKS_DIR = path.resolve(__dirname, '../../../policy-packs');

/** Everything policy a request needs, read once per request: assignments, latest packs, calendar. */
export interface PolicySnapshot {
  packFor(regionCode: string): { pack: PolicyPack; assignedAt: string } | null;
  calendar: Calendar;
}

const SNAPSHOT_TTL_MS = 1000;

/** Validates a pack document; refuses it naming the first failing path (`document.tiers[0].when`). */
export function validatePack(document: unknown): PolicyPack {
  const result = packSchema.safeParse(document);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue.path.reduce<string>(
    (p, k) => (typeof k === 'number' ? `${p}[${k}]` : `${p}.${String(k)}`),
    'document',
  );
  throw new InvalidInputError(where, issue.message, 'INVALID_PACK');
}

export class PolicyService {
  constructor(
    private readonly db: DataSource,
    private readonly repository: PolicyRepository,
    private readonly regions: RegionService,
    private readonly calendarWarningDays: number,
  ) {}

  /** What an administrator should act on soon: the working-day calendar running out (or gone). */
  async warnings(now = new Date()): Promise<string[]> {
    const warning = calendarWarning(
      (await this.snapshot()).calendar,
      chinaDate(now),
      this.calendarWarningDays,
    );
    return warning ? [warning] : [];
  }

  /** Publishes every shipped pack version the database does not have yet. */
  async publishShippedPacks(): Promise<void> {
    for (const file of readdirSync(SHIPPED_PACKS_DIR).filter((f) => f.endsWith('.json'))) {
      const pack = validatePack(JSON.parse(readFileSync(path.join(SHIPPED_PACKS_DIR, file), 'utf8')));
      if (await this.repository.insertShipped(pack))
        log.info(`published shipped policy pack ${pack.key} v${pack.version}`);
    }
    this.invalidate();
  }

  private cached: { at: number; value: Promise<PolicySnapshot> } | undefined;

  /**
   * Assignments, latest packs and the calendar, read at most once a second per instance (they change
   * rarely; an edit here is seen at once, an edit through another instance within a second).
   */
  snapshot(): Promise<PolicySnapshot> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > SNAPSHOT_TTL_MS) {
      const value = this.read();
      this.cached = { at: now, value };
      value.catch(() => (this.cached = undefined));
    }
    return this.cached.value;
  }

  private invalidate() {
    this.cached = undefined;
  }

  private async read(): Promise<PolicySnapshot> {
    const [assignments, packs, days] = await Promise.all([
      this.repository.assignments(),
      this.repository.latestPacks(),
      this.repository.calendarDays(),
    ]);
    const byRegion = new Map(assignments.map((a) => [a.regionCode, a.packKey]));
    const byKey = new Map<string, PolicyPack>(packs.map((p) => [p.key, p.document]));
    return {
      calendar: new Map(days.map((d) => [d.day, d.working])),
      packFor(regionCode) {
        for (let code: string | null = regionCode; code; code = parentRegionCode(code)) {
          const key = byRegion.get(code);
          const pack = key ? byKey.get(key) : undefined;
          if (pack) return { pack, assignedAt: code };
        }
        return null;
      },
    };
  }

  packs(): Promise<PolicyPackEntity[]> {
    return this.repository.packs();
  }

  pack(key: string, version?: number | null): Promise<PolicyPackEntity | null> {
    return this.repository.pack(key, version);
  }

  /** Publishes a new version of a pack (its own or a new key); the version number is assigned. */
  async publish(document: unknown, identity: Identity): Promise<PolicyPackEntity> {
    const pack = validatePack(document);
    return this.db
      .transaction(async (tx) => {
        const version = await this.repository.nextVersion(tx, pack.key);
        return this.repository.insertPack(tx, { ...pack, version }, identity.user);
      })
      .finally(() => this.invalidate());
  }

  /** Assigns a pack to a region (and so to everything under it that has no pack of its own). */
  async assign(regionCode: string, packKey: string, identity: Identity): Promise<RegionPackEntity> {
    await this.regions.requireAll({ regionCode }, []);
    if (!(await this.pack(packKey))) throw new NotFoundError('policy pack', packKey, 'packKey');
    const assigned = await this.repository.assign(regionCode, packKey, identity.user);
    this.invalidate();
    return assigned;
  }

  /** Marks a day as a holiday or a working day (调休), for working-day deadlines. */
  async setCalendarDay(day: string, working: boolean, note: string): Promise<CalendarDayEntity> {
    const stored = await this.repository.setCalendarDay(day, working, note);
    this.invalidate();
    return stored;
  }
}

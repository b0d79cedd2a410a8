import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Identity, Role } from '../../../../../shared/auth';
import { parseIsoDate } from '../../../../../shared/dates';
import { Department } from '../../../../../shared/departments';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  PreconditionError,
} from '../../../../../shared/errors';
import { pageById } from '../../../../../shared/paging';
import { addDuration, chinaDate } from '../../../../../shared/policy/durations';
import type { RegionService } from '../registry/region.service';
import type { SubjectAccess } from '../registry/subject-access';
import type { SubjectEntity } from '../registry/subject.entity';
import type { DiscoveryEntity } from './discovery.entity';
import type { DiscoveryRepository } from './discovery.repository';

export const INVESTIGATORS = { departments: [Department.CIVIL_AFFAIRS], roles: [Role.STAFF, Role.ADMIN] };
/** the kind of a discovery list's cursor (the ledger and the observation list) */
export const DISCOVERY_CURSOR = 'Discovery';
/** how long a not-eligible person stays on the observation list before review, unless given */
const DEFAULT_REVIEW = 'P3M';

export interface DiscoveryInputData {
  idNumber: string;
  method: string;
  category: string;
  suspectedAssistance: string[];
  householdSituation?: string | null;
  note?: string | null;
  sourceKey?: string | null;
}

export interface InvestigationInputData {
  personSeen: boolean;
  situationClear: boolean;
  proposal?: string | null;
  findings?: string | null;
}

export interface DecisionInputData {
  decision: 'INCLUDED' | 'NOT_ELIGIBLE';
  reason?: string | null;
  includedOn?: string | null;
  reviewOn?: string | null;
}

/** "Three not let go" (黔江民政发〔2022〕44号): a lead is not closed until all three hold. */
export const THREE_NOT_LET_GO = [
  { key: 'PERSON_SEEN', label: '未见到本人不放过 (the person has not been seen)' },
  { key: 'SITUATION_CLEAR', label: '情况不清不放过 (the situation is not clear)' },
  { key: 'PROPOSAL', label: '没有处理意见不放过 (no proposal is recorded)' },
] as const;

export class DiscoveryService {
  constructor(
    private readonly discoveries: DiscoveryRepository,
    private readonly access: SubjectAccess,
    private readonly regions: RegionService,
  ) {}

  byIds(ids: readonly string[]): Promise<DiscoveryEntity[]> {
    return this.discoveries.byIds(ids);
  }

  /** Files a lead about a registered person; any department's window may file one. Idempotent by sourceKey. */
  async file(input: DiscoveryInputData, identity: Identity): Promise<DiscoveryEntity> {
    if (identity.role === Role.DASHBOARD)
      throw new ForbiddenError('dashboards read; they do not file discoveries');
    if (!input.suspectedAssistance.length) {
      throw new InvalidInputError(
        'suspectedAssistance',
        'name at least one suspected assistance type',
        'REQUIRED',
      );
    }
    const subject = await this.access.find(input.idNumber, identity);
    if (input.sourceKey) {
      const existing = await this.discoveries.bySourceKey(input.sourceKey);
      if (existing) return existing;
    }
    const id = await this.insert(subject, input, identity);
    return this.discoveries.saved(input.sourceKey ? { sourceKey: input.sourceKey } : { id });
  }

  /** Writes a lead (inside the caller's transaction when given one); a known source key writes nothing. */
  async insert(
    subject: Pick<SubjectEntity, 'id' | 'registeredRegionCode'>,
    input: Omit<DiscoveryInputData, 'idNumber'>,
    identity: Identity,
    tx?: EntityManager,
  ): Promise<string> {
    const id = randomUUID();
    await this.discoveries.insert(
      {
        id,
        subjectId: subject.id,
        townshipCode: subject.registeredRegionCode.slice(0, 9),
        method: input.method,
        category: input.category,
        suspectedAssistance: [...new Set(input.suspectedAssistance)],
        householdSituation: input.householdSituation?.trim() || null,
        note: input.note?.trim() || null,
        foundBy: identity.user,
        foundByDepartment: identity.department,
        sourceKey: input.sourceKey ?? null,
      },
      tx,
    );
    return id;
  }

  /** The region's ledger, newest first, a page at a time. */
  async list(
    regionCode: string,
    status: string | null,
    first?: number | null,
    after?: string | null,
  ): Promise<DiscoveryEntity[]> {
    const page = pageById(DISCOVERY_CURSOR, first, after);
    await this.regions.requireAll({ regionCode }, []);
    return this.discoveries.inRegion(regionCode, status, page);
  }

  async assign(id: string, coordinator: string, identity: Identity) {
    if (!coordinator.trim()) throw new InvalidInputError('coordinator', 'name the coordinator', 'REQUIRED');
    const d = await this.open(id, identity);
    return this.update(d, {
      status: 'INVESTIGATING',
      coordinator: coordinator.trim(),
      assigned_at: new Date(),
    });
  }

  async investigate(id: string, input: InvestigationInputData, identity: Identity) {
    const d = await this.open(id, identity);
    return this.update(d, {
      status: 'INVESTIGATING',
      person_seen: input.personSeen,
      situation_clear: input.situationClear,
      proposal: input.proposal?.trim() || null,
      investigation: input.findings?.trim() || null,
      investigated_at: new Date(),
    });
  }

  /** Closes a lead: included (with the date) or not eligible (with the reason → observation list). */
  async decide(id: string, input: DecisionInputData, identity: Identity, now = new Date()) {
    const d = await this.open(id, identity);
    const missing = THREE_NOT_LET_GO.filter(
      (r) =>
        (r.key === 'PERSON_SEEN' && !d.personSeen) ||
        (r.key === 'SITUATION_CLEAR' && !d.situationClear) ||
        (r.key === 'PROPOSAL' && !d.proposal),
    );
    if (missing.length) {
      throw new PreconditionError(
        `三个不放过: ${missing.map((m) => m.label).join('; ')}`,
        missing.map((m) => m.key),
      );
    }
    if (input.decision === 'NOT_ELIGIBLE') {
      if (!input.reason?.trim())
        throw new InvalidInputError('input.reason', 'say why the person is not eligible', 'REQUIRED');
      const reviewOn = input.reviewOn
        ? parseIsoDate(input.reviewOn, 'input.reviewOn')
        : chinaDate(addDuration(now, DEFAULT_REVIEW));
      return this.update(d, {
        status: 'CLOSED',
        decision: 'NOT_ELIGIBLE',
        reason: input.reason.trim(),
        review_on: reviewOn,
        decided_at: now,
        decided_by: identity.user,
      });
    }
    if (!input.includedOn)
      throw new InvalidInputError('input.includedOn', 'give the date the person was included', 'REQUIRED');
    const includedOn = parseIsoDate(input.includedOn, 'input.includedOn');
    return this.update(d, {
      status: 'CLOSED',
      decision: 'INCLUDED',
      reason: input.reason?.trim() || null,
      included_on: includedOn,
      decided_at: now,
      decided_by: identity.user,
    });
  }

  /** 观察名单: people found not eligible, by review date, a page at a time. */
  async observationList(regionCode: string, first?: number | null, after?: string | null) {
    const page = pageById(DISCOVERY_CURSOR, first, after);
    await this.regions.requireAll({ regionCode }, []);
    return this.discoveries.notEligible(regionCode, page);
  }

  private async open(id: string, identity: Identity): Promise<DiscoveryEntity> {
    const d = await this.discoveries.byId(id);
    if (!d) throw new NotFoundError('discovery', id, 'id');
    // by the person's current region: a lead follows the person who moved, as its list does
    await this.access.requireRecordVisible(d.subjectId, identity, { entity: 'discovery', id });
    if (d.status === 'CLOSED') throw new ConflictError(`discovery ${id} is already closed (${d.decision})`);
    return d;
  }

  /** Writes the changes if nobody else changed the lead since it was read (optimistic versioning). */
  private async update(d: DiscoveryEntity, changes: Record<string, unknown>): Promise<DiscoveryEntity> {
    if (!(await this.discoveries.update(d.id, d.version, changes)))
      throw new ConflictError(`discovery ${d.id} was changed meanwhile; read it again`);
    return this.discoveries.saved({ id: d.id });
  }
}

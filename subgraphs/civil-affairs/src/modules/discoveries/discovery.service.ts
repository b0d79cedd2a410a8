import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
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
import { parseIdNumber } from '../../../../../shared/id-number';
import { pageById } from '../../../../../shared/paging';
import { addDuration, chinaDate } from '../../../../../shared/policy/durations';
import { RegionLevel, isWithinRegion } from '../../../../../shared/regions';
import type { PolicyService } from '../policy/policy.service';
import type { ReferralRepository } from '../referrals/referral.repository';
import { GivenAssistance, checkAssistance } from '../registration/assistance-check';
import type { RegistrationRepository } from '../registration/registration.repository';
import type { RegionService } from '../registry/region.service';
import type { StandingService } from '../standing/standing.service';
import type { SubjectAccess } from '../registry/subject-access';
import type { SubjectEntity } from '../registry/subject.entity';
import { DiscoveryEntity } from './discovery.entity';
import type { DiscoveryRepository } from './discovery.repository';

export const INVESTIGATORS = { departments: [Department.CIVIL_AFFAIRS], roles: [Role.STAFF, Role.ADMIN] };
/** the kind of a discovery list's cursor (the ledger, people newly assisted and the observation list) */
export const DISCOVERY_CURSOR = 'Discovery';

export interface DiscoveryInputData {
  /** the person's ID number; may be unknown (or not registered) when personName and regionCode are given */
  idNumber?: string | null;
  /** a person not registered yet (street patrol, hotline): the name given */
  personName?: string | null;
  /** where a person not registered yet was found (township or village) */
  regionCode?: string | null;
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
  /** INCLUDED: the assistance granted (the subject's statuses gain it) */
  granted?: GivenAssistance[] | null;
  /** INCLUDED: or the referral made to another department's program */
  referralId?: string | null;
}

/** "Three not let go" (黔江民政发〔2022〕44号): a lead is not closed until all three hold. */
export const THREE_NOT_LET_GO = [
  { key: 'PERSON_SEEN', label: '未见到本人不放过 (the person has not been seen)' },
  { key: 'SITUATION_CLEAR', label: '情况不清不放过 (the situation is not clear)' },
  { key: 'PROPOSAL', label: '没有处理意见不放过 (no proposal is recorded)' },
] as const;

export class DiscoveryService {
  constructor(
    private readonly db: DataSource,
    private readonly discoveries: DiscoveryRepository,
    private readonly access: SubjectAccess,
    private readonly regions: RegionService,
    private readonly policy: PolicyService,
    private readonly standing: StandingService,
    private readonly registration: RegistrationRepository,
    private readonly referrals: ReferralRepository,
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
    if (input.sourceKey) {
      const existing = await this.discoveries.bySourceKey(input.sourceKey);
      if (existing) return existing;
    }
    const subject = await this.subjectOf(input, identity);
    const id = subject
      ? await this.insert(subject, input, identity)
      : await this.insertUnregistered(input, identity);
    return this.discoveries.saved(input.sourceKey ? { sourceKey: input.sourceKey } : { id });
  }

  /**
   * The registered person the lead is about; null for a person not registered yet, filed by name and
   * situation with where they were found (Hangtou 流浪乞讨志愿队伍 街面巡查, Qingpu 救助热线).
   */
  private async subjectOf(input: DiscoveryInputData, identity: Identity): Promise<SubjectEntity | null> {
    if (!input.personName?.trim()) {
      if (!input.idNumber)
        throw new InvalidInputError(
          'idNumber',
          'give the ID number, or personName and regionCode for a person not registered yet',
          'REQUIRED',
        );
      return this.access.find(input.idNumber, identity);
    }
    if (!input.idNumber) return null;
    const { idNumber } = parseIdNumber(input.idNumber, 'idNumber');
    return (await this.access.findIfRegistered(idNumber, identity)) ?? null;
  }

  /** A lead about a person not registered yet: by name and situation, in the township where found. */
  private async insertUnregistered(input: DiscoveryInputData, identity: Identity): Promise<string> {
    const regionCode = input.regionCode;
    if (!regionCode) throw new InvalidInputError('regionCode', 'say where the person was found', 'REQUIRED');
    await this.regions.requireAll({ regionCode }, [RegionLevel.TOWNSHIP, RegionLevel.VILLAGE]);
    if (!isWithinRegion(regionCode, identity.region))
      throw new ForbiddenError(`regionCode ${regionCode} is outside your region ${identity.region}`);
    if (!input.householdSituation?.trim())
      throw new InvalidInputError(
        'householdSituation',
        'describe the situation of a person not registered yet',
        'REQUIRED',
      );
    const id = randomUUID();
    await this.discoveries.insert({
      id,
      subjectId: null,
      personName: input.personName!.trim(),
      personIdNumber: input.idNumber ? parseIdNumber(input.idNumber, 'idNumber').idNumber : null,
      townshipCode: regionCode.slice(0, 9),
      method: input.method,
      category: input.category,
      suspectedAssistance: [...new Set(input.suspectedAssistance)],
      householdSituation: input.householdSituation.trim(),
      note: input.note?.trim() || null,
      foundBy: identity.user,
      foundByDepartment: identity.department,
      sourceKey: input.sourceKey ?? null,
    });
    return id;
  }

  /** A newly registered person's leads, filed by ID number before, now point at them (in the registration's transaction). */
  linkRegistered(tx: EntityManager, subjectId: string, idNumber: string): Promise<string[]> {
    return this.discoveries.linkRegistered(tx, subjectId, idNumber);
  }

  /** Links a lead filed by name only to the person once registered (ADMIN/STAFF of civil affairs). */
  async link(id: string, rawIdNumber: string, identity: Identity): Promise<DiscoveryEntity> {
    const d = await this.discoveries.byId(id);
    if (!d) throw new NotFoundError('discovery', id, 'id');
    if (d.subjectId) throw new ConflictError(`discovery ${id} is already linked to a registered person`);
    if (!isWithinRegion(d.townshipCode, identity.region)) throw new NotFoundError('discovery', id, 'id');
    const subject = await this.access.find(rawIdNumber, identity);
    return this.update(d, { subject_id: subject.id, person_id_number: subject.idNumber });
  }

  /** Writes a lead (inside the caller's transaction when given one); a known source key writes nothing. */
  async insert(
    subject: Pick<SubjectEntity, 'id' | 'registeredRegionCode'>,
    input: Omit<DiscoveryInputData, 'idNumber'>,
    identity: Identity,
    tx?: EntityManager,
  ): Promise<string> {
    const id = randomUUID();
    if (!input.suspectedAssistance.length)
      throw new InvalidInputError('suspectedAssistance', 'name at least one', 'REQUIRED');
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
        : await this.defaultReview(d, identity, now);
      return this.update(d, {
        status: 'CLOSED',
        decision: 'NOT_ELIGIBLE',
        reason: input.reason.trim(),
        review_on: reviewOn,
        decided_at: now,
        decided_by: identity.user,
      });
    }
    return this.include(d, input, identity, now);
  }

  /**
   * INCLUDED (黔江民政发〔2022〕44号 二(四) 新增救助群众): what was granted joins the subject's
   * assistance statuses, dated, or the referral made to another department is kept; the lead, the
   * statuses and the subject's standing are written in one transaction.
   */
  private async include(d: DiscoveryEntity, input: DecisionInputData, identity: Identity, now: Date) {
    if (!input.includedOn)
      throw new InvalidInputError('input.includedOn', 'give the date the person was included', 'REQUIRED');
    const includedOn = parseIsoDate(input.includedOn, 'input.includedOn');
    const given = input.granted ?? [];
    if (!given.length && !input.referralId)
      throw new InvalidInputError(
        'input.granted',
        'say what was granted, or give the referral (referralId) made for the person',
        'REQUIRED',
      );
    if (!d.subjectId)
      throw new PreconditionError(
        'register the person first: a lead about a person not registered yet cannot grant assistance',
        ['REGISTERED'],
      );
    const subjectId = d.subjectId;
    const subject = await this.access.requireRecordVisible(subjectId, identity, {
      entity: 'discovery',
      id: d.id,
    });
    const granted = checkAssistance(given, subject.birthDate, 'input.granted');
    if (input.referralId) {
      const referral = await this.referrals.byId(input.referralId);
      if (!referral || referral.subjectId !== subjectId)
        throw new NotFoundError('referral', input.referralId, 'input.referralId');
    }
    const policy = await this.policy.snapshot();
    return this.db.transaction(async (tx) => {
      if (granted.length) await this.registration.mergeAssistance(tx, subjectId, granted);
      const saved = await this.update(
        d,
        {
          status: 'CLOSED',
          decision: 'INCLUDED',
          reason: input.reason?.trim() || null,
          included_on: includedOn,
          granted: JSON.stringify(granted),
          referral_id: input.referralId ?? null,
          decided_at: now,
          decided_by: identity.user,
        },
        tx,
      );
      // the tier and the next visit follow the new statuses
      await this.standing.recompute([subjectId], { tx, policy });
      return saved;
    });
  }

  /** 观察名单: reviewed after the interval of the region's pack (`observation.reviewEvery`). */
  private async defaultReview(d: DiscoveryEntity, identity: Identity, now: Date): Promise<string> {
    const subject = d.subjectId
      ? await this.access.requireRecordVisible(d.subjectId, identity, { entity: 'discovery', id: d.id })
      : null;
    const region = subject?.registeredRegionCode ?? d.townshipCode;
    const pack = (await this.policy.snapshot()).packFor(region)?.pack;
    if (!pack)
      throw new InvalidInputError(
        'input.reviewOn',
        `no policy pack covers region ${region}; give the review date`,
        'REQUIRED',
      );
    return chinaDate(addDuration(now, pack.observation.reviewEvery));
  }

  /** 新增救助群众: people included, with what was granted or the referral made, newest first, a page at a time. */
  async newlyAssisted(regionCode: string, first?: number | null, after?: string | null) {
    const page = pageById(DISCOVERY_CURSOR, first, after);
    await this.regions.requireAll({ regionCode }, []);
    return this.discoveries.inRegion(regionCode, 'CLOSED', page, 'INCLUDED');
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
    // by the person's current region: a lead follows the person who moved, as its list does;
    // a lead about a person not registered yet stays with the township where it was found
    if (d.subjectId)
      await this.access.requireRecordVisible(d.subjectId, identity, { entity: 'discovery', id });
    else if (!isWithinRegion(d.townshipCode, identity.region)) throw new NotFoundError('discovery', id, 'id');
    if (d.status === 'CLOSED') throw new ConflictError(`discovery ${id} is already closed (${d.decision})`);
    return d;
  }

  /** Writes the changes if nobody else changed the lead since it was read (optimistic versioning). */
  private async update(
    d: DiscoveryEntity,
    changes: Record<string, unknown>,
    tx?: EntityManager,
  ): Promise<DiscoveryEntity> {
    if (!(await this.discoveries.update(d.id, d.version, changes, tx)))
      throw new ConflictError(`discovery ${d.id} was changed meanwhile; read it again`);
    return (tx ?? this.db.manager).getRepository(DiscoveryEntity).findOneByOrFail({ id: d.id });
  }
}

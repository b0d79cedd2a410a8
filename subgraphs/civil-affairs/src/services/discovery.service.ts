import { updateReturning } from '../../../../shared/database';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import type { SubjectEntity } from '../entities/subject.entity';
import { Identity, Role, authorize } from '../../../../shared/auth';
import { parseIsoDate } from '../../../../shared/dates';
import { Department } from '../../../../shared/departments';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  PreconditionError,
} from '../../../../shared/errors';
import { parseIdNumber } from '../../../../shared/id-number';
import { addDuration, chinaDate } from '../../../../shared/policy/durations';
import { RegionLevel } from '../../../../shared/regions';
import { CoordinatorEntity, DiscoveryEntity } from '../entities/discovery.entity';
import type { PolicyService } from './policy.service';
import type { RegionService } from './region.service';
import { SubjectService, isVisibleTo } from './subject.service';

const INVESTIGATORS = { departments: [Department.CIVIL_AFFAIRS], roles: [Role.STAFF, Role.ADMIN] };
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
    private readonly db: DataSource,
    private readonly subjects: SubjectService,
    private readonly regions: RegionService,
    private readonly policy: PolicyService,
  ) {}

  byIds(ids: readonly string[]) {
    return this.db.getRepository(DiscoveryEntity).findBy({ id: In([...ids]) });
  }

  /** Files a lead about a registered person; any department's window may file one. Idempotent by sourceKey. */
  async file(input: DiscoveryInputData, identity: Identity): Promise<DiscoveryEntity> {
    const { idNumber } = parseIdNumber(input.idNumber, 'idNumber');
    if (identity.role === Role.DASHBOARD)
      throw new ForbiddenError('dashboards read; they do not file discoveries');
    if (!input.suspectedAssistance.length) {
      throw new InvalidInputError(
        'suspectedAssistance',
        'name at least one suspected assistance type',
        'REQUIRED',
      );
    }
    const [subject] = await this.subjects.byIdNumbers([idNumber]);
    if (!subject)
      throw new NotFoundError('subject with ID number (register the person first)', idNumber, 'idNumber');
    if (!isVisibleTo(subject, identity))
      throw new ForbiddenError(`this subject is outside your region ${identity.region}`);
    if (input.sourceKey) {
      const existing = await this.db.getRepository(DiscoveryEntity).findOneBy({ sourceKey: input.sourceKey });
      if (existing) return existing;
    }
    const id = await this.insert(this.db.manager, subject, input, identity);
    return this.db
      .getRepository(DiscoveryEntity)
      .findOneByOrFail(input.sourceKey ? { sourceKey: input.sourceKey } : { id });
  }

  /** Writes a lead (inside the caller's transaction when given one); a known source key writes nothing. */
  async insert(
    tx: EntityManager,
    subject: SubjectEntity,
    input: Omit<DiscoveryInputData, 'idNumber'>,
    identity: Identity,
  ): Promise<string> {
    const id = randomUUID();
    await tx.query(
      `INSERT INTO discoveries (id, subject_id, township_code, method, category, suspected_assistance, household_situation,
         note, found_by, found_by_department, source_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (source_key) DO NOTHING`,
      [
        id,
        subject.id,
        subject.registeredRegionCode.slice(0, 9),
        input.method,
        input.category,
        [...new Set(input.suspectedAssistance)],
        input.householdSituation?.trim() || null,
        input.note?.trim() || null,
        identity.user,
        identity.department,
        input.sourceKey ?? null,
      ],
    );
    return id;
  }

  async list(regionCode: string, status: string | null, identity: Identity): Promise<DiscoveryEntity[]> {
    await this.regions.requireAll({ regionCode }, []);
    authorize(identity, { regionCode }, 'reading discoveries');
    const q = this.db
      .getRepository(DiscoveryEntity)
      .createQueryBuilder('d')
      .innerJoin('subjects', 's', 's.id = d.subject_id')
      .where(`s.registered_region_code LIKE :prefix`, { prefix: `${regionCode}%` })
      .orderBy('d.found_at', 'DESC');
    if (status) q.andWhere('d.status = :status', { status });
    return q.getMany();
  }

  async assign(id: string, coordinator: string, identity: Identity) {
    authorize(identity, INVESTIGATORS, 'assigning a discovery');
    if (!coordinator.trim()) throw new InvalidInputError('coordinator', 'name the coordinator', 'REQUIRED');
    const d = await this.open(id, identity);
    return this.update(d, {
      status: 'INVESTIGATING',
      coordinator: coordinator.trim(),
      assigned_at: new Date(),
    });
  }

  async investigate(id: string, input: InvestigationInputData, identity: Identity) {
    authorize(identity, INVESTIGATORS, 'recording an investigation');
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
    authorize(identity, INVESTIGATORS, 'deciding a discovery');
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

  /** 观察名单: people found not eligible, by review date. */
  async observationList(regionCode: string, identity: Identity) {
    const closed = await this.list(regionCode, 'CLOSED', identity);
    return closed
      .filter((d) => d.decision === 'NOT_ELIGIBLE')
      .sort((a, b) => (a.reviewOn ?? '').localeCompare(b.reviewOn ?? ''));
  }

  async addCoordinator(villageCode: string, name: string, phone: string | null, identity: Identity) {
    await this.regions.requireAll({ villageCode }, [RegionLevel.VILLAGE]);
    authorize(identity, { ...INVESTIGATORS, regionCode: villageCode }, 'adding a coordinator');
    if (!name.trim()) throw new InvalidInputError('name', 'must not be empty', 'REQUIRED');
    const id = randomUUID();
    await this.db.query(`INSERT INTO coordinators (id, village_code, name, phone) VALUES ($1, $2, $3, $4)`, [
      id,
      villageCode,
      name.trim(),
      phone,
    ]);
    return this.db.getRepository(CoordinatorEntity).findOneByOrFail({ id });
  }

  /** Villages under the region with fewer coordinators than their pack asks (Qianjiang: at least one). */
  async coordinatorGaps(regionCode: string, identity: Identity) {
    await this.regions.requireAll({ regionCode }, []);
    authorize(identity, { regionCode }, 'reading coordinator gaps');
    const rows: Array<{ code: string; name: string; count: string }> = await this.db.query(
      `SELECT r.code, r.name, count(c.id) AS count FROM regions r LEFT JOIN coordinators c ON c.village_code = r.code
       WHERE r.level = 'VILLAGE' AND r.code LIKE $1 GROUP BY r.code, r.name ORDER BY r.code`,
      [`${regionCode}%`],
    );
    const snapshot = await this.policy.snapshot();
    return rows.flatMap((r) => {
      const rule = snapshot.packFor(r.code)?.pack.coordinators;
      const have = Number(r.count);
      return rule && have < rule.minPerVillage
        ? [
            {
              villageCode: r.code,
              villageName: r.name,
              coordinators: have,
              required: rule.minPerVillage,
              source: rule.source,
            },
          ]
        : [];
    });
  }

  private async open(id: string, identity: Identity): Promise<DiscoveryEntity> {
    const d = await this.db.getRepository(DiscoveryEntity).findOneBy({ id });
    if (!d) throw new NotFoundError('discovery', id, 'id');
    authorize(identity, { regionCode: d.townshipCode }, 'handling this discovery');
    if (d.status === 'CLOSED') throw new ConflictError(`discovery ${id} is already closed (${d.decision})`);
    return d;
  }

  /** Writes the changes if nobody else changed the lead since it was read (optimistic versioning). */
  private async update(d: DiscoveryEntity, changes: Record<string, unknown>): Promise<DiscoveryEntity> {
    const columns = Object.keys(changes);
    const sets = columns.map((c, i) => `${c} = $${i + 3}`).join(', ');
    const done = await updateReturning(
      this.db,
      `UPDATE discoveries SET ${sets}, version = version + 1 WHERE id = $1 AND version = $2 RETURNING id`,
      [d.id, d.version, ...columns.map((c) => changes[c])],
    );
    if (!done.length) throw new ConflictError(`discovery ${d.id} was changed meanwhile; read it again`);
    return this.db.getRepository(DiscoveryEntity).findOneByOrFail({ id: d.id });
  }
}

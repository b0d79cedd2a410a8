import { updateReturning } from '../../../../shared/database';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Identity, Role, authorize } from '../../../../shared/auth';
import { Department } from '../../../../shared/departments';
import { ConflictError, InvalidInputError, NotFoundError } from '../../../../shared/errors';
import { parseIdNumber } from '../../../../shared/id-number';
import { evaluate } from '../../../../shared/policy/conditions';
import { EarlyWarningEntity } from '../entities/early-warning.entity';
import type { SubjectEntity } from '../entities/subject.entity';
import type { PolicyPack } from '../policy/pack.schema';
import type { DiscoveryService } from './discovery.service';
import type { PolicyService } from './policy.service';
import type { RegionService } from './region.service';
import type { SubjectService } from './subject.service';

/** What changed, as the pack's early-warning rules read it. */
export interface ChangeFacts {
  householdSizeChange?: number;
  incomeDropPercent?: number;
  majorIllnessNew?: boolean;
}

const ADVISORS = { departments: [Department.CIVIL_AFFAIRS], roles: [Role.STAFF, Role.ADMIN, Role.VISITOR] };
const NEXT: Record<string, string[]> = {
  ACTIVE: ['ACKNOWLEDGED', 'RESOLVED'],
  ACKNOWLEDGED: ['RESOLVED'],
  RESOLVED: [],
};

/**
 * Early warnings (Hangtou 预警): a change in household size, income or health that crosses a line of
 * the region's pack raises a warning for the village advisor (active → acknowledged → resolved,
 * with notes) and, where the pack says so, a discovery for the township, in the same transaction.
 */
export class WarningService {
  constructor(
    private readonly db: DataSource,
    private readonly discoveries: DiscoveryService,
    private readonly subjects: SubjectService,
    private readonly regions: RegionService,
    private readonly policy: PolicyService,
  ) {}

  async raise(
    tx: EntityManager,
    subject: SubjectEntity,
    pack: PolicyPack,
    change: ChangeFacts,
    method: string,
    identity: Identity,
    sourceKey: string | null = null,
  ) {
    const raised: string[] = [];
    for (const rule of pack.earlyWarnings) {
      if (evaluate(rule.when, { ...change }).value !== true) continue;
      const id = randomUUID();
      const detail = describe(change);
      if (sourceKey) {
        const [seen] = await tx.query(
          `SELECT 1 FROM early_warnings WHERE rule_key = $1 AND source_key = $2`,
          [rule.key, sourceKey],
        );
        if (seen) continue;
      }
      let discoveryId: string | null = null;
      if (rule.discovery) {
        discoveryId = await this.discoveries.insert(
          tx,
          subject,
          {
            method,
            category: rule.discovery.category,
            suspectedAssistance: rule.discovery.suspectedAssistance,
            householdSituation: `预警：${rule.label}（${detail}）`,
            sourceKey: `warning:${id}`,
          },
          identity,
        );
      }
      await tx.query(
        `INSERT INTO early_warnings (id, subject_id, village_code, rule_key, label, source, detail, discovery_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          id,
          subject.id,
          subject.registeredRegionCode,
          rule.key,
          rule.label,
          rule.source,
          detail,
          discoveryId,
        ],
      );
      raised.push(id);
    }
    return raised;
  }

  /** Health reports that a subject newly has a major illness (delivered from its outbox). */
  async healthChanged(rawIdNumber: string, majorIllness: boolean, key: string | null, identity: Identity) {
    const { idNumber } = parseIdNumber(rawIdNumber, 'idNumber');
    authorize(
      identity,
      { departments: [Department.HEALTH], roles: [Role.ADMIN, Role.STAFF] },
      'reporting a health change',
    );
    const [subject] = await this.subjects.byIdNumbers([idNumber]);
    if (!subject) throw new NotFoundError('subject with ID number', idNumber, 'idNumber');
    const pack = (await this.policy.snapshot()).packFor(subject.registeredRegionCode)?.pack;
    if (!pack || !majorIllness) return [];
    const ids = await this.db.transaction((tx) =>
      this.raise(tx, subject, pack, { majorIllnessNew: true }, 'DATA_PUSH', identity),
    );
    return this.byIds(ids);
  }

  byIds(ids: string[]) {
    return ids.length
      ? this.db.getRepository(EarlyWarningEntity).findBy(ids.map((id) => ({ id })))
      : Promise.resolve([]);
  }

  async list(regionCode: string, status: string | null, identity: Identity) {
    await this.regions.requireAll({ regionCode }, []);
    authorize(identity, { departments: [Department.CIVIL_AFFAIRS], regionCode }, 'reading early warnings');
    const q = this.db
      .getRepository(EarlyWarningEntity)
      .createQueryBuilder('w')
      .where('w.village_code LIKE :prefix', { prefix: `${regionCode}%` })
      .orderBy('w.raised_at', 'DESC');
    if (status) q.andWhere('w.status = :status', { status });
    return q.getMany();
  }

  /** ACTIVE → ACKNOWLEDGED → RESOLVED, each step with a note. */
  async move(id: string, status: 'ACKNOWLEDGED' | 'RESOLVED', note: string, identity: Identity) {
    authorize(identity, ADVISORS, 'handling an early warning');
    if (!note.trim()) throw new InvalidInputError('note', 'say what was done', 'REQUIRED');
    const w = await this.db.getRepository(EarlyWarningEntity).findOneBy({ id });
    if (!w) throw new NotFoundError('early warning', id, 'id');
    authorize(identity, { regionCode: w.villageCode }, 'handling an early warning');
    if (!NEXT[w.status].includes(status))
      throw new ConflictError(`an early warning that is ${w.status} cannot become ${status}`);
    const notes = [
      ...w.notes,
      { at: new Date().toISOString(), by: identity.user, status, note: note.trim() },
    ];
    const done = await updateReturning(
      this.db,
      `UPDATE early_warnings SET status = $3, notes = $4, version = version + 1 WHERE id = $1 AND version = $2 RETURNING id`,
      [id, w.version, status, JSON.stringify(notes)],
    );
    if (!done.length) throw new ConflictError(`early warning ${id} was changed meanwhile; read it again`);
    return this.db.getRepository(EarlyWarningEntity).findOneByOrFail({ id });
  }
}

function describe(change: ChangeFacts): string {
  const parts: string[] = [];
  if (change.incomeDropPercent !== undefined)
    parts.push(`月人均收入下降 ${change.incomeDropPercent.toFixed(0)}%`);
  if (change.householdSizeChange !== undefined)
    parts.push(`家庭人口变化 ${change.householdSizeChange > 0 ? '+' : ''}${change.householdSizeChange}`);
  if (change.majorIllnessNew) parts.push('新患重病');
  return parts.join('，');
}

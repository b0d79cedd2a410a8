import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { Identity } from '../../../../../shared/auth';
import { ConflictError, InvalidInputError, NotFoundError } from '../../../../../shared/errors';
import { pageById } from '../../../../../shared/paging';
import { evaluate } from '../../../../../shared/policy/conditions';
import type { DiscoveryService } from '../discoveries/discovery.service';
import type { UrgentCaseService } from '../urgent-cases/urgent-case.service';
import type { PolicyPack } from '../policy/pack.schema';
import type { PolicyService } from '../policy/policy.service';
import type { RegionService } from '../registry/region.service';
import type { SubjectAccess } from '../registry/subject-access';
import type { SubjectEntity } from '../registry/subject.entity';
import type { EarlyWarningEntity } from './early-warning.entity';
import type { EarlyWarningRepository } from './early-warning.repository';

/** the kind of the warnings list's cursor */
export const WARNING_CURSOR = 'EarlyWarning';

/** What changed, as the pack's early-warning rules read it. */
export interface ChangeFacts {
  householdSizeChange?: number;
  incomeDropPercent?: number;
  majorIllnessNew?: boolean;
  /** 一户一档: registered members who joined or left the household */
  membersJoined?: number;
  membersLeft?: number;
  maritalStatusChanged?: boolean;
  employmentChanged?: boolean;
}

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
export class EarlyWarningService {
  constructor(
    private readonly db: DataSource,
    private readonly warnings: EarlyWarningRepository,
    private readonly discoveries: DiscoveryService,
    private readonly access: SubjectAccess,
    private readonly regions: RegionService,
    private readonly policy: PolicyService,
    private readonly urgentCases: UrgentCaseService,
  ) {}

  /** Raises, inside the caller's transaction, every warning of the pack the change crosses; returns their ids. */
  async raise(
    tx: EntityManager,
    subject: Pick<SubjectEntity, 'id' | 'registeredRegionCode'>,
    pack: PolicyPack,
    change: ChangeFacts,
    method: string,
    identity: Identity,
    sourceKey: string | null = null,
  ): Promise<string[]> {
    const raised: string[] = [];
    for (const rule of pack.earlyWarnings) {
      if (evaluate(rule.when, { ...change }).value !== true) continue;
      const id = randomUUID();
      const detail = describe(change);
      if (sourceKey && (await this.warnings.raisedFor(tx, rule.key, sourceKey))) continue;
      const discoveryId = rule.discovery
        ? await this.discoveries.insert(
            subject,
            {
              method,
              category: rule.discovery.category,
              suspectedAssistance: rule.discovery.suspectedAssistance,
              householdSituation: `预警：${rule.label}（${detail}）`,
              sourceKey: `warning:${id}`,
            },
            identity,
            tx,
          )
        : null;
      await this.warnings.insert(tx, {
        id,
        subjectId: subject.id,
        villageCode: subject.registeredRegionCode,
        ruleKey: rule.key,
        label: rule.label,
        source: rule.source,
        detail,
        discoveryId,
        sourceKey,
      });
      raised.push(id);
    }
    return raised;
  }

  /**
   * Health reports that a subject newly has a major illness (delivered from its outbox): a recent major
   * event for the tiers (an urgent case, see UrgentCaseService.fromPartner), and the warnings of the
   * pack it crosses. A retried report (same key) does neither twice.
   */
  async healthChanged(rawIdNumber: string, majorIllness: boolean, key: string | null, identity: Identity) {
    const subject = await this.access.find(rawIdNumber, identity);
    const pack = (await this.policy.snapshot()).packFor(subject.registeredRegionCode)?.pack;
    if (!pack || !majorIllness) return [];
    await this.urgentCases.fromPartner(
      subject,
      { kind: 'SUDDEN_ILLNESS', description: '卫生健康部门推送：新患重大疾病', sourceKey: key },
      identity,
    );
    const ids = await this.db.transaction((tx) =>
      this.raise(tx, subject, pack, { majorIllnessNew: true }, 'DATA_PUSH', identity, key),
    );
    return this.byIds(ids);
  }

  byIds(ids: string[]): Promise<EarlyWarningEntity[]> {
    return ids.length ? this.warnings.byIds(ids) : Promise.resolve([]);
  }

  /** The region's warnings, newest first, a page at a time. */
  async list(
    regionCode: string,
    status: string | null,
    first?: number | null,
    after?: string | null,
  ): Promise<EarlyWarningEntity[]> {
    const page = pageById(WARNING_CURSOR, first, after);
    await this.regions.requireAll({ regionCode }, []);
    return this.warnings.inRegion(regionCode, status, page);
  }

  /** ACTIVE → ACKNOWLEDGED → RESOLVED, each step with a note. */
  async move(id: string, status: 'ACKNOWLEDGED' | 'RESOLVED', note: string, identity: Identity) {
    if (!note.trim()) throw new InvalidInputError('note', 'say what was done', 'REQUIRED');
    const w = await this.warnings.byId(id);
    if (!w) throw new NotFoundError('early warning', id, 'id');
    // by the person's current region: a warning follows the person who moved, as its list does
    await this.access.requireRecordVisible(w.subjectId, identity, { entity: 'early warning', id });
    if (!NEXT[w.status].includes(status))
      throw new ConflictError(`an early warning that is ${w.status} cannot become ${status}`);
    const notes = [
      ...w.notes,
      { at: new Date().toISOString(), by: identity.user, status, note: note.trim() },
    ];
    if (!(await this.warnings.move(id, w.version, status, notes)))
      throw new ConflictError(`early warning ${id} was changed meanwhile; read it again`);
    return this.warnings.saved(id);
  }
}

function describe(change: ChangeFacts): string {
  const parts: string[] = [];
  if (change.incomeDropPercent !== undefined)
    parts.push(`月人均收入下降 ${change.incomeDropPercent.toFixed(0)}%`);
  if (change.householdSizeChange !== undefined)
    parts.push(`家庭人口变化 ${change.householdSizeChange > 0 ? '+' : ''}${change.householdSizeChange}`);
  if (change.majorIllnessNew) parts.push('新患重病');
  if (change.membersJoined) parts.push(`登记成员加入 ${change.membersJoined} 人`);
  if (change.membersLeft) parts.push(`登记成员离开 ${change.membersLeft} 人`);
  if (change.maritalStatusChanged) parts.push('婚姻状况变化');
  if (change.employmentChanged) parts.push('就业状况变化');
  return parts.join('，');
}

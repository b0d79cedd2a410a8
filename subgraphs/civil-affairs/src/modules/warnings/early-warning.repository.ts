import { updateReturning } from '../../../../../shared/database';
import { DataSource, EntityManager, In } from 'typeorm';
import type { Page } from '../../../../../shared/paging';
import { EarlyWarningEntity, WarningNote } from './early-warning.entity';

export interface NewWarning {
  id: string;
  subjectId: string;
  villageCode: string;
  ruleKey: string;
  label: string;
  source: string;
  detail: string;
  discoveryId: string | null;
  /** a data push's key: the same push raises the rule's warning once */
  sourceKey?: string | null;
}

export class EarlyWarningRepository {
  constructor(private readonly db: DataSource) {}

  /* earlyWarningsByIds (ids) */
  byIds(ids: readonly string[]): Promise<EarlyWarningEntity[]> {
    return this.db.getRepository(EarlyWarningEntity).findBy({ id: In([...ids]) });
  }

  /* earlyWarningById (id) */
  byId(id: string): Promise<EarlyWarningEntity | null> {
    return this.db.getRepository(EarlyWarningEntity).findOneBy({ id });
  }

  /** Whether a rule already raised a warning for this source (a retried data push). */
  async raisedFor(tx: EntityManager, ruleKey: string, sourceKey: string): Promise<boolean> {
    const [seen] = await tx.query(
      `/* warningRaisedFor (ruleKey, sourceKey) */ SELECT 1 FROM early_warnings WHERE rule_key = $1 AND source_key = $2`,
      [ruleKey, sourceKey],
    );
    return !!seen;
  }

  async insert(tx: EntityManager, w: NewWarning): Promise<void> {
    await tx.query(
      `/* insertEarlyWarning (warning) */
       INSERT INTO early_warnings (id, subject_id, village_code, rule_key, label, source, detail, discovery_id, source_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        w.id,
        w.subjectId,
        w.villageCode,
        w.ruleKey,
        w.label,
        w.source,
        w.detail,
        w.discoveryId,
        w.sourceKey ?? null,
      ],
    );
  }

  /** A page of the region's warnings, newest first (then by id): a prefix range on the village index. */
  inRegion(regionCode: string, status: string | null, page: Page): Promise<EarlyWarningEntity[]> {
    const q = this.db
      .getRepository(EarlyWarningEntity)
      .createQueryBuilder('w')
      .where('w.village_code LIKE :prefix', { prefix: `${regionCode}%` })
      .comment('earlyWarningsInRegion (regionCode, status?, page)')
      .orderBy('w.raised_at', 'DESC')
      .addOrderBy('w.id', 'DESC')
      .limit(page.limit);
    if (status) q.andWhere('w.status = :status', { status });
    if (page.afterId)
      q.andWhere('(w.raised_at, w.id) < (SELECT raised_at, id FROM early_warnings WHERE id = :afterId)', {
        afterId: page.afterId,
      });
    return q.getMany();
  }

  /** Moves the warning on if it is still at `version` (optimistic); says whether it was. */
  async move(id: string, version: number, status: string, notes: WarningNote[]): Promise<boolean> {
    const done = await updateReturning(
      this.db,
      `/* moveEarlyWarning (id, version, status, notes) */
       UPDATE early_warnings SET status = $3, notes = $4, version = version + 1 WHERE id = $1 AND version = $2 RETURNING id`,
      [id, version, status, JSON.stringify(notes)],
    );
    return done.length > 0;
  }

  /* savedEarlyWarning (id) */
  saved(id: string): Promise<EarlyWarningEntity> {
    return this.db.getRepository(EarlyWarningEntity).findOneByOrFail({ id });
  }
}

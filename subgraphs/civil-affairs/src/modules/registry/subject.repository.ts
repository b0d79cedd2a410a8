import { Any, DataSource, EntityManager } from 'typeorm';
import { SelectBy, selectByAny } from '../../../../../shared/select-by';
import { AssistanceEntity } from './assistance.entity';
import { HouseholdEntity } from './household.entity';
import { SubjectEntity } from './subject.entity';

/** Subjects, their households and their assistance statuses, as the registry reads them. */
export class SubjectRepository {
  // every lookup reads these: the query is made once (shared/select-by.ts)
  private readonly subjectsByIdNumber: SelectBy<SubjectEntity>;
  private readonly subjectsById: SelectBy<SubjectEntity>;
  private readonly householdsById: SelectBy<HouseholdEntity>;

  constructor(private readonly db: DataSource) {
    this.subjectsByIdNumber = selectByAny(db, SubjectEntity, 'idNumber');
    this.subjectsById = selectByAny(db, SubjectEntity, 'id');
    this.householdsById = selectByAny(db, HouseholdEntity, 'id');
  }

  /* subjectsByIdNumbers (idNumbers) */
  byIdNumbers(idNumbers: readonly string[]): Promise<SubjectEntity[]> {
    return this.subjectsByIdNumber(idNumbers);
  }

  /* subjectsByIds (ids) */
  byIds(ids: readonly string[]): Promise<SubjectEntity[]> {
    return this.subjectsById(ids);
  }

  /* idNumberOf (subjectId) */
  async idNumberOf(tx: EntityManager, subjectId: string): Promise<string> {
    const [row]: Array<{ id_number: string }> = await tx.query(
      `/* idNumberOf (subjectId) */ SELECT id_number FROM subjects WHERE id = $1`,
      [subjectId],
    );
    return row.id_number;
  }

  /* householdsByIds (ids) */
  householdsByIds(ids: readonly string[]): Promise<HouseholdEntity[]> {
    return this.householdsById(ids);
  }

  /* membersOfHouseholds (householdIds), head first, then by ID number */
  async membersOfHouseholds(householdIds: readonly string[]): Promise<SubjectEntity[]> {
    const members = await this.db
      .getRepository(SubjectEntity)
      .findBy({ householdId: Any([...householdIds]) });
    const rank = (s: SubjectEntity) => (s.householdRelation === 'HEAD' ? 0 : 1);
    return members.sort((a, b) => rank(a) - rank(b) || a.idNumber.localeCompare(b.idNumber));
  }

  /* assistanceBySubjectIds (subjectIds), oldest first */
  assistanceBySubjectIds(ids: readonly string[]): Promise<AssistanceEntity[]> {
    return this.db
      .getRepository(AssistanceEntity)
      .find({ where: { subjectId: Any([...ids]) }, order: { since: 'ASC', category: 'ASC' } });
  }
}

import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { SubjectEntity } from '../registry/subject.entity';

/** The columns a registration writes; on an update, a null keeps what is stored (except the name and regions). */
export interface SubjectRow {
  idNumber: string;
  name: string;
  sex: string;
  birthDate: string;
  phone: string | null;
  registeredRegionCode: string;
  residenceRegionCode: string;
  livingAlone: boolean | null;
  dispersedSupport: boolean | null;
  maritalStatus: string | null;
  registrationType: string | null;
  employment: string | null;
  pension: string | null;
  registeredAddress: string | null;
  residenceAddress: string | null;
  mainNeeds: string | null;
  handlingPlan: string | null;
  situations: string[] | null;
  stableIncome: boolean | null;
}

export interface HouseholdRow {
  size: number;
  monthlyIncomePerCapita: number;
  propertyNote: string | null;
  /** 一户一档: join the household of the registered member with this ID number */
  memberOf: string | null;
  relation: string | null;
}

/** A registered person as a registration finds them, locked until its transaction ends. */
export interface KnownPerson {
  id: string;
  registered: string;
  residence: string;
  householdId: string | null;
  maritalStatus: string | null;
  employment: string | null;
}

export interface AssistanceRow {
  category: string;
  status: string;
  since: string;
  until: string | null;
}

/** The writes of a registration, each inside the registration's transaction. */
export class RegistrationRepository {
  /** Where a known person is registered and lives, their household and situation, locked (null: not known). */
  async placeForUpdate(tx: EntityManager, idNumber: string): Promise<KnownPerson | null> {
    const [row]: KnownPerson[] = await tx.query(
      `/* subjectPlaceForUpdate (idNumber) */
       SELECT id, registered_region_code AS registered, residence_region_code AS residence,
              household_id AS "householdId", marital_status AS "maritalStatus", employment
         FROM subjects WHERE id_number = $1 FOR UPDATE`,
      [idNumber],
    );
    return row ?? null;
  }

  /** The registered members of a household (ids and regions). */
  async members(
    tx: EntityManager,
    householdId: string,
  ): Promise<Array<{ id: string; registeredRegionCode: string }>> {
    return tx.query(
      `/* householdMembers (householdId) */
       SELECT id, registered_region_code AS "registeredRegionCode" FROM subjects WHERE household_id = $1 ORDER BY id`,
      [householdId],
    );
  }

  /** 一户一档: the subject becomes a member of this household, with its relation to the head. */
  async joinHousehold(
    tx: EntityManager,
    subjectId: string,
    householdId: string,
    relation: string,
  ): Promise<void> {
    await tx.query(
      `/* joinHousehold (subjectId, householdId, relation) */
       UPDATE subjects SET household_id = $2, household_relation = $3, updated_at = now(), version = version + 1
        WHERE id = $1`,
      [subjectId, householdId, relation],
    );
  }

  /** A member left: the household counts one person fewer (at least one); returns the size before. */
  async shrinkHousehold(tx: EntityManager, householdId: string): Promise<{ size: number; income: number }> {
    const before = await this.householdForUpdate(tx, householdId);
    await tx.query(
      `/* shrinkHousehold (id) */ UPDATE households SET size = GREATEST(size - 1, 1), updated_at = now() WHERE id = $1`,
      [householdId],
    );
    return before;
  }

  /** 迁移: the person's registered (and residence) region, changed by a move. */
  async move(tx: EntityManager, id: string, registered: string, residence: string): Promise<void> {
    await tx.query(
      `/* moveSubject (id, registered, residence) */
       UPDATE subjects SET registered_region_code = $2, residence_region_code = $3, updated_at = now(),
              version = version + 1
        WHERE id = $1`,
      [id, registered, residence],
    );
  }

  /** Inserts the subject, or updates the one with the same ID number. */
  async upsert(tx: EntityManager, s: SubjectRow): Promise<{ id: string; householdId: string | null }> {
    const [row]: Array<{ id: string; household_id: string | null }> = await tx.query(
      `/* upsertSubject (subject) */
       INSERT INTO subjects AS s (id, id_number, name, sex, birth_date, phone, registered_region_code,
          residence_region_code, living_alone, dispersed_support, marital_status, registration_type, employment,
          situations, stable_income, pension, registered_address, residence_address, main_needs, handling_plan)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, COALESCE($16::text[], '{}'), COALESCE($17, false),
          $18, $19, $20, $21, $22)
       ON CONFLICT (id_number) DO UPDATE SET
          name = EXCLUDED.name,
          phone = COALESCE(EXCLUDED.phone, s.phone),
          registered_region_code = EXCLUDED.registered_region_code,
          residence_region_code = EXCLUDED.residence_region_code,
          living_alone = COALESCE($14, s.living_alone),
          dispersed_support = COALESCE($15, s.dispersed_support),
          marital_status = COALESCE(EXCLUDED.marital_status, s.marital_status),
          registration_type = COALESCE(EXCLUDED.registration_type, s.registration_type),
          employment = COALESCE(EXCLUDED.employment, s.employment),
          situations = COALESCE($16::text[], s.situations),
          stable_income = COALESCE($17, s.stable_income),
          pension = COALESCE(EXCLUDED.pension, s.pension),
          registered_address = COALESCE(EXCLUDED.registered_address, s.registered_address),
          residence_address = COALESCE(EXCLUDED.residence_address, s.residence_address),
          main_needs = COALESCE(EXCLUDED.main_needs, s.main_needs),
          handling_plan = COALESCE(EXCLUDED.handling_plan, s.handling_plan),
          updated_at = now(),
          version = s.version + 1
       RETURNING id, household_id`,
      [
        randomUUID(),
        s.idNumber,
        s.name,
        s.sex,
        s.birthDate,
        s.phone,
        s.registeredRegionCode,
        s.residenceRegionCode,
        s.livingAlone ?? false,
        s.dispersedSupport ?? false,
        s.maritalStatus,
        s.registrationType,
        s.employment,
        s.livingAlone,
        s.dispersedSupport,
        s.situations,
        s.stableIncome,
        s.pension,
        s.registeredAddress,
        s.residenceAddress,
        s.mainNeeds,
        s.handlingPlan,
      ],
    );
    return { id: row.id, householdId: row.household_id };
  }

  /** The household as stored, locked until the transaction ends. */
  async householdForUpdate(tx: EntityManager, id: string): Promise<{ size: number; income: number }> {
    const [row]: Array<{ size: number; income: number }> = await tx.query(
      `/* householdForUpdate (id) */
       SELECT size, monthly_income_per_capita::float AS income FROM households WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row;
  }

  async updateHousehold(tx: EntityManager, id: string, h: HouseholdRow): Promise<void> {
    await tx.query(
      `/* updateHousehold (id, household) */
       UPDATE households SET size = $2, monthly_income_per_capita = $3,
          property_note = COALESCE($4, property_note), updated_at = now()
       WHERE id = $1`,
      [id, h.size, h.monthlyIncomePerCapita, h.propertyNote],
    );
  }

  /** A new household file, linked to the subject as its head; returns its id. */
  async createHousehold(tx: EntityManager, subjectId: string, h: HouseholdRow): Promise<string> {
    const householdId = randomUUID();
    await tx.query(
      `/* insertHousehold (household) */
       INSERT INTO households (id, size, monthly_income_per_capita, property_note) VALUES ($1, $2, $3, $4)`,
      [householdId, h.size, h.monthlyIncomePerCapita, h.propertyNote],
    );
    await tx.query(
      `/* linkHousehold (subjectId, householdId) */
       UPDATE subjects SET household_id = $2, household_relation = 'HEAD' WHERE id = $1`,
      [subjectId, householdId],
    );
    return householdId;
  }

  /** Records the 特困 conditions given; one left out keeps what was known. */
  async saveTekunConditions(
    tx: EntityManager,
    subjectId: string,
    c: {
      noWorkCapacity?: boolean | null;
      noLivingSource?: boolean | null;
      noCapableSupporter?: boolean | null;
    },
  ): Promise<void> {
    await tx.query(
      `/* saveTekunConditions (subjectId, conditions) */
       UPDATE subjects SET no_work_capacity = COALESCE($2, no_work_capacity),
         no_living_source = COALESCE($3, no_living_source), no_capable_supporter = COALESCE($4, no_capable_supporter)
       WHERE id = $1`,
      [subjectId, c.noWorkCapacity ?? null, c.noLivingSource ?? null, c.noCapableSupporter ?? null],
    );
  }

  /** Adds or updates the listed statuses, by (category, since); the others stay as history. */
  async mergeAssistance(tx: EntityManager, subjectId: string, rows: AssistanceRow[]): Promise<void> {
    await tx.query(
      `/* mergeAssistance (subjectId, statuses) */
       INSERT INTO assistance_statuses (id, subject_id, category, status, since, until)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::varchar[], $4::varchar[], $5::date[], $6::date[])
       ON CONFLICT (subject_id, category, since) DO UPDATE SET status = EXCLUDED.status, until = EXCLUDED.until`,
      [
        rows.map(() => randomUUID()),
        rows.map(() => subjectId),
        rows.map((a) => a.category),
        rows.map((a) => a.status),
        rows.map((a) => a.since),
        rows.map((a) => a.until),
      ],
    );
  }
  /* registeredSubject (id) */
  registered(tx: EntityManager, id: string): Promise<SubjectEntity> {
    return tx.getRepository(SubjectEntity).findOneByOrFail({ id });
  }
}

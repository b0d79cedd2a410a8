import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { Identity, Role, authorize } from '../../../../shared/auth';
import { parseIsoDate } from '../../../../shared/dates';
import { Department } from '../../../../shared/departments';
import { InvalidInputError } from '../../../../shared/errors';
import { parseIdNumber } from '../../../../shared/id-number';
import { RegionLevel } from '../../../../shared/regions';
import { AssistanceEntity } from '../entities/assistance.entity';
import { HouseholdEntity } from '../entities/household.entity';
import { SubjectEntity } from '../entities/subject.entity';
import { AssistanceStatus } from '../types/enums';
import type { SubjectInput } from '../types/subject.input';
import type { PolicyService } from './policy.service';
import { RegionService } from './region.service';
import type { ChangeFacts, WarningService } from './warning.service';

const REGISTRARS = { departments: [Department.CIVIL_AFFAIRS], roles: [Role.ADMIN, Role.STAFF] };

export class SubjectService {
  private changes?: { warnings: WarningService; policy: PolicyService };

  constructor(
    private readonly db: DataSource,
    private readonly regions: RegionService,
  ) {}

  /** Household changes raise the region's early warnings (wired after construction: warnings need subjects). */
  useEarlyWarnings(warnings: WarningService, policy: PolicyService) {
    this.changes = { warnings, policy };
  }

  async byIdNumbers(idNumbers: readonly string[]): Promise<SubjectEntity[]> {
    return this.db.getRepository(SubjectEntity).findBy({ idNumber: In([...idNumbers]) });
  }

  async byIds(ids: readonly string[]): Promise<SubjectEntity[]> {
    return this.db.getRepository(SubjectEntity).findBy({ id: In([...ids]) });
  }

  async householdsByIds(ids: readonly string[]): Promise<HouseholdEntity[]> {
    return this.db.getRepository(HouseholdEntity).findBy({ id: In([...ids]) });
  }

  async assistanceBySubjectIds(ids: readonly string[]): Promise<AssistanceEntity[]> {
    return this.db
      .getRepository(AssistanceEntity)
      .find({ where: { subjectId: In([...ids]) }, order: { since: 'ASC', category: 'ASC' } });
  }

  /**
   * Registers a subject or updates the one with the same ID number, with household and assistance
   * statuses, in one transaction. Every check runs before the first write: bad input writes nothing.
   */
  async register(input: SubjectInput, identity: Identity): Promise<SubjectEntity> {
    const parsed = parseIdNumber(input.idNumber, 'idNumber');
    const name = input.name?.trim();
    if (!name) throw new InvalidInputError('name', 'must not be empty', 'REQUIRED');
    if (name.length > 50) throw new InvalidInputError('name', 'must be at most 50 characters', 'LENGTH');
    if (input.phone != null && !/^\+?[\d\- ]{5,20}$/.test(input.phone)) {
      throw new InvalidInputError('phone', 'must be a phone number (digits, spaces, dashes)', 'FORMAT');
    }
    const residenceRegionCode = input.residenceRegionCode ?? input.registeredRegionCode;
    await this.regions.requireAll({ registeredRegionCode: input.registeredRegionCode, residenceRegionCode }, [
      RegionLevel.TOWNSHIP,
      RegionLevel.VILLAGE,
    ]);
    authorize(identity, { ...REGISTRARS, regionCode: input.registeredRegionCode }, 'registering a subject');
    const household = input.household;
    if (household) {
      if (!Number.isInteger(household.size) || household.size < 1 || household.size > 50) {
        throw new InvalidInputError('household.size', 'must be a whole number from 1 to 50', 'RANGE');
      }
      if (!Number.isFinite(household.monthlyIncomePerCapita) || household.monthlyIncomePerCapita < 0) {
        throw new InvalidInputError('household.monthlyIncomePerCapita', 'must be zero or more yuan', 'RANGE');
      }
    }
    const assistance = (input.assistance ?? []).map((a, i) => {
      const field = `assistance[${i}]`;
      const since = parseIsoDate(a.since, `${field}.since`);
      const until = a.until == null ? null : parseIsoDate(a.until, `${field}.until`);
      if (until && until < since)
        throw new InvalidInputError(`${field}.until`, 'is before since', 'DATE_ORDER');
      if (a.status === AssistanceStatus.ENDED && !until) {
        throw new InvalidInputError(
          `${field}.until`,
          'an ENDED status needs its termination date',
          'REQUIRED',
        );
      }
      if (since < parsed.birthDate) {
        throw new InvalidInputError(`${field}.since`, 'is before the birth date', 'DATE_ORDER');
      }
      return { category: a.category, status: a.status, since, until };
    });
    const keys = new Set(assistance.map((a) => `${a.category}@${a.since}`));
    if (keys.size !== assistance.length) {
      throw new InvalidInputError('assistance', 'lists the same category and since date twice', 'DUPLICATE');
    }

    const pack =
      this.changes && (await this.changes.policy.snapshot()).packFor(input.registeredRegionCode)?.pack;
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query(
        `INSERT INTO subjects AS s (id, id_number, name, sex, birth_date, phone, registered_region_code,
            residence_region_code, living_alone, dispersed_support, marital_status, registration_type, employment,
            situations, stable_income)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, COALESCE($16::text[], '{}'), COALESCE($17, false))
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
            updated_at = now(),
            version = s.version + 1
         RETURNING id, household_id`,
        [
          randomUUID(),
          parsed.idNumber,
          name,
          parsed.sex,
          parsed.birthDate,
          input.phone ?? null,
          input.registeredRegionCode,
          residenceRegionCode,
          input.livingAlone ?? false,
          input.dispersedSupport ?? false,
          input.maritalStatus ?? null,
          input.registrationType ?? null,
          input.employment ?? null,
          input.livingAlone ?? null,
          input.dispersedSupport ?? null,
          input.situations ?? null,
          input.stableIncome ?? null,
        ],
      );
      const subjectId: string = row.id;
      if (household) {
        if (row.household_id) {
          const [before] = await tx.query(
            `SELECT size, monthly_income_per_capita::float AS income FROM households WHERE id = $1 FOR UPDATE`,
            [row.household_id],
          );
          const change: ChangeFacts = {};
          if (household.size !== before.size) change.householdSizeChange = household.size - before.size;
          if (before.income > 0 && household.monthlyIncomePerCapita < before.income) {
            change.incomeDropPercent =
              ((before.income - household.monthlyIncomePerCapita) / before.income) * 100;
          }
          if (pack && this.changes && Object.keys(change).length) {
            const [current] = await tx.query(`SELECT * FROM subjects WHERE id = $1`, [subjectId]);
            const subject = tx.getRepository(SubjectEntity).create({
              id: subjectId,
              registeredRegionCode: current.registered_region_code,
            });
            await this.changes.warnings.raise(tx, subject, pack, change, 'IN_WORK', identity);
          }
          await tx.query(
            `UPDATE households SET size = $2, monthly_income_per_capita = $3,
                property_note = COALESCE($4, property_note), updated_at = now()
             WHERE id = $1`,
            [
              row.household_id,
              household.size,
              household.monthlyIncomePerCapita,
              household.propertyNote ?? null,
            ],
          );
        } else {
          const householdId = randomUUID();
          await tx.query(
            `INSERT INTO households (id, size, monthly_income_per_capita, property_note) VALUES ($1, $2, $3, $4)`,
            [householdId, household.size, household.monthlyIncomePerCapita, household.propertyNote ?? null],
          );
          await tx.query(`UPDATE subjects SET household_id = $2 WHERE id = $1`, [subjectId, householdId]);
        }
      }
      if (assistance.length) {
        await tx.query(
          `INSERT INTO assistance_statuses (id, subject_id, category, status, since, until)
           SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::varchar[], $4::varchar[], $5::date[], $6::date[])
           ON CONFLICT (subject_id, category, since) DO UPDATE SET status = EXCLUDED.status, until = EXCLUDED.until`,
          [
            assistance.map(() => randomUUID()),
            assistance.map(() => subjectId),
            assistance.map((a) => a.category),
            assistance.map((a) => a.status),
            assistance.map((a) => a.since),
            assistance.map((a) => a.until),
          ],
        );
      }
      return tx.getRepository(SubjectEntity).findOneByOrFail({ id: subjectId });
    });
  }
}

/** A subject is visible to users whose region contains its registered or residence region. */
export function isVisibleTo(subject: SubjectEntity, identity: Identity): boolean {
  const scope = identity.region;
  return (
    !scope || subject.registeredRegionCode.startsWith(scope) || subject.residenceRegionCode.startsWith(scope)
  );
}

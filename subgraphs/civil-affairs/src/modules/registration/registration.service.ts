import type { DataSource, EntityManager } from 'typeorm';
import { Identity, authorize } from '../../../../../shared/auth';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
} from '../../../../../shared/errors';
import { ParsedIdNumber, parseIdNumber } from '../../../../../shared/id-number';
import { RegionLevel, isWithinRegion } from '../../../../../shared/regions';
import type { DiscoveryService } from '../discoveries/discovery.service';
import type { PolicyPack } from '../policy/pack.schema';
import type { PolicyService } from '../policy/policy.service';
import type { StandingService } from '../standing/standing.service';
import type { ChangeFacts, EarlyWarningService } from '../warnings/early-warning.service';
import type { RegionService } from '../registry/region.service';
import type { SubjectEntity } from '../registry/subject.entity';
import { checkAssistance } from './assistance-check';
import type {
  AssistanceRow,
  HouseholdRow,
  RegistrationRepository,
  SubjectRow,
} from './registration.repository';

export interface TekunConditionsData {
  noWorkCapacity?: boolean | null;
  noLivingSource?: boolean | null;
  noCapableSupporter?: boolean | null;
}

export interface HouseholdInputData {
  size: number;
  monthlyIncomePerCapita: number;
  propertyNote?: string | null;
}

export interface AssistanceInputData {
  category: string;
  status: string;
  since: string;
  until?: string | null;
}

/** What a registrar sends (the GraphQL SubjectInput). */
export interface SubjectInputData {
  idNumber: string;
  name: string;
  phone?: string | null;
  registeredRegionCode: string;
  residenceRegionCode?: string | null;
  livingAlone?: boolean | null;
  dispersedSupport?: boolean | null;
  maritalStatus?: string | null;
  registrationType?: string | null;
  employment?: string | null;
  situations?: string[] | null;
  stableIncome?: boolean | null;
  tekunConditions?: TekunConditionsData | null;
  household?: HouseholdInputData | null;
  assistance?: AssistanceInputData[] | null;
}

/** A registration that passed every check, ready to write. */
interface Registration {
  subject: SubjectRow;
  household: HouseholdRow | null;
  assistance: AssistanceRow[];
}

/** Registration: a subject with its household and assistance statuses, created or updated. */
export class RegistrationService {
  constructor(
    private readonly db: DataSource,
    private readonly repository: RegistrationRepository,
    private readonly regions: RegionService,
    private readonly policy: PolicyService,
    private readonly warnings: EarlyWarningService,
    private readonly standing: StandingService,
    private readonly discoveries: DiscoveryService,
  ) {}

  /**
   * Registers a subject or updates the one with the same ID number, with household and assistance
   * statuses, in one transaction. Every check runs before the first write: bad input writes nothing.
   */
  async register(input: SubjectInputData, identity: Identity): Promise<SubjectEntity> {
    const registration = await this.check(input, identity);
    // read before the transaction, which only writes: the pack's early-warning lines for a household change
    const policy = await this.policy.snapshot();
    const pack = policy.packFor(input.registeredRegionCode)?.pack ?? null;
    return this.db.transaction(async (tx) => {
      await this.mayUpdate(tx, registration.subject, identity);
      const saved = await this.repository.upsert(tx, registration.subject);
      const subject = { id: saved.id, registeredRegionCode: registration.subject.registeredRegionCode };
      if (registration.household) {
        await this.saveHousehold(tx, subject, saved.householdId, registration.household, pack, identity);
      }
      if (registration.assistance.length) {
        await this.repository.mergeAssistance(tx, saved.id, registration.assistance);
      }
      if (input.tekunConditions)
        await this.repository.saveTekunConditions(tx, saved.id, input.tekunConditions);
      // leads filed about the person before they were registered (street patrol, hotline) now point at them
      await this.discoveries.linkRegistered(tx, saved.id, registration.subject.idNumber);
      // tier and next due visit follow the record, household and statuses in the same transaction
      await this.standing.recompute([saved.id], { tx, policy });
      return this.repository.registered(tx, saved.id);
    });
  }

  /**
   * A known person is updated only by staff of the region that holds the record now, and never moved
   * by a registration: moving a person to another region is `moveSubject` (ADMIN), recorded.
   */
  private async mayUpdate(tx: EntityManager, subject: SubjectRow, identity: Identity): Promise<void> {
    const known = await this.repository.placeForUpdate(tx, subject.idNumber);
    if (!known) return;
    if (!isWithinRegion(known.registered, identity.region))
      throw new ForbiddenError(
        `idNumber: this person cannot be registered from your region ${identity.region}; ` +
          'a person registered elsewhere is moved by an ADMIN of their region (moveSubject)',
      );
    if (known.registered !== subject.registeredRegionCode)
      throw new ConflictError(
        `registeredRegionCode: the person is registered in ${known.registered}; ` +
          'a change of registered region is a move (moveSubject, ADMIN)',
      );
  }

  /**
   * 迁移: moves a person's registration (and residence) to another region, by an ADMIN of the region
   * that holds the record now, with the reason; the tier and visiting duty follow the new region.
   */
  async move(
    rawIdNumber: string,
    registeredRegionCode: string,
    residenceRegionCode: string | null,
    reason: string,
    identity: Identity,
  ): Promise<SubjectEntity> {
    const { idNumber } = parseIdNumber(rawIdNumber, 'idNumber');
    if (!reason.trim()) throw new InvalidInputError('reason', 'say why the person moves', 'REQUIRED');
    const residence = residenceRegionCode ?? registeredRegionCode;
    await this.regions.requireAll({ registeredRegionCode, residenceRegionCode: residence }, [
      RegionLevel.TOWNSHIP,
      RegionLevel.VILLAGE,
    ]);
    const policy = await this.policy.snapshot();
    return this.db.transaction(async (tx) => {
      const known = await this.repository.placeForUpdate(tx, idNumber);
      // outside the caller's region a person is answered as unknown: the answer tells nothing
      if (!known || !isWithinRegion(known.registered, identity.region))
        throw new NotFoundError('subject with ID number', idNumber, 'idNumber');
      await this.repository.move(tx, known.id, registeredRegionCode, residence);
      await this.standing.recompute([known.id], { tx, policy });
      return this.repository.registered(tx, known.id);
    });
  }

  /** The checks, in the order a registrar fixes them: the person, the regions and who may register there, the rest. */
  private async check(input: SubjectInputData, identity: Identity): Promise<Registration> {
    const person = checkPerson(input);
    const residenceRegionCode = input.residenceRegionCode ?? input.registeredRegionCode;
    await this.regions.requireAll({ registeredRegionCode: input.registeredRegionCode, residenceRegionCode }, [
      RegionLevel.TOWNSHIP,
      RegionLevel.VILLAGE,
    ]);
    authorize(identity, { regionCode: input.registeredRegionCode }, 'registering a subject');
    const household = input.household ? checkHousehold(input.household) : null;
    const assistance = checkAssistance(input.assistance ?? [], person.id.birthDate);
    return {
      subject: {
        idNumber: person.id.idNumber,
        name: person.name,
        sex: person.id.sex,
        birthDate: person.id.birthDate,
        phone: input.phone ?? null,
        registeredRegionCode: input.registeredRegionCode,
        residenceRegionCode,
        livingAlone: input.livingAlone ?? null,
        dispersedSupport: input.dispersedSupport ?? null,
        maritalStatus: input.maritalStatus ?? null,
        registrationType: input.registrationType ?? null,
        employment: input.employment ?? null,
        situations: input.situations ?? null,
        stableIncome: input.stableIncome ?? null,
      },
      household,
      assistance,
    };
  }

  /** A known household is updated, raising the pack's early warnings on what changed; a new one is filed. */
  private async saveHousehold(
    tx: EntityManager,
    subject: Pick<SubjectEntity, 'id' | 'registeredRegionCode'>,
    householdId: string | null,
    household: HouseholdRow,
    pack: PolicyPack | null,
    identity: Identity,
  ): Promise<void> {
    if (!householdId) return this.repository.createHousehold(tx, subject.id, household);
    const change = householdChange(await this.repository.householdForUpdate(tx, householdId), household);
    if (pack && Object.keys(change).length) {
      await this.warnings.raise(tx, subject, pack, change, 'IN_WORK', identity);
    }
    await this.repository.updateHousehold(tx, householdId, household);
  }
}

function checkPerson(input: SubjectInputData): { id: ParsedIdNumber; name: string } {
  const id = parseIdNumber(input.idNumber, 'idNumber');
  const name = input.name?.trim();
  if (!name) throw new InvalidInputError('name', 'must not be empty', 'REQUIRED');
  if (name.length > 50) throw new InvalidInputError('name', 'must be at most 50 characters', 'LENGTH');
  if (input.phone != null && !/^\+?[\d\- ]{5,20}$/.test(input.phone)) {
    throw new InvalidInputError('phone', 'must be a phone number (digits, spaces, dashes)', 'FORMAT');
  }
  return { id, name };
}

/** the largest amount `households.monthly_income_per_capita numeric(12,2)` holds */
const MAX_MONTHLY_YUAN = 9_999_999_999.99;

function checkHousehold(household: HouseholdInputData): HouseholdRow {
  if (!Number.isInteger(household.size) || household.size < 1 || household.size > 50) {
    throw new InvalidInputError('household.size', 'must be a whole number from 1 to 50', 'RANGE');
  }
  const income = household.monthlyIncomePerCapita;
  if (!Number.isFinite(income) || income < 0 || income > MAX_MONTHLY_YUAN) {
    throw new InvalidInputError(
      'household.monthlyIncomePerCapita',
      `must be from 0 to ${MAX_MONTHLY_YUAN} yuan`,
      'RANGE',
    );
  }
  return {
    size: household.size,
    monthlyIncomePerCapita: household.monthlyIncomePerCapita,
    propertyNote: household.propertyNote ?? null,
  };
}

/** What the early-warning rules read of a household change: the size difference, the income drop in percent. */
function householdChange(before: { size: number; income: number }, after: HouseholdRow): ChangeFacts {
  const change: ChangeFacts = {};
  if (after.size !== before.size) change.householdSizeChange = after.size - before.size;
  if (before.income > 0 && after.monthlyIncomePerCapita < before.income) {
    change.incomeDropPercent = ((before.income - after.monthlyIncomePerCapita) / before.income) * 100;
  }
  return change;
}

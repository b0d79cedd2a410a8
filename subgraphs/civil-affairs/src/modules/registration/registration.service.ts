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
import type { PolicyService, PolicySnapshot } from '../policy/policy.service';
import type { StandingService } from '../standing/standing.service';
import type { ChangeFacts, EarlyWarningService } from '../warnings/early-warning.service';
import type { RegionService } from '../registry/region.service';
import type { SubjectEntity } from '../registry/subject.entity';
import { isVisibleTo } from '../registry/subject-access';
import { checkAssistance } from './assistance-check';
import type {
  AssistanceRow,
  HouseholdRow,
  KnownPerson,
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
  memberOf?: string | null;
  relation?: string | null;
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
  pension?: string | null;
  registeredAddress?: string | null;
  residenceAddress?: string | null;
  mainNeeds?: string | null;
  handlingPlan?: string | null;
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
      const known = await this.mayUpdate(tx, registration.subject, identity);
      const joining = registration.household?.memberOf
        ? await this.householdToJoin(tx, registration.household.memberOf, identity)
        : null;
      const saved = await this.repository.upsert(tx, registration.subject);
      const subject = { id: saved.id, registeredRegionCode: registration.subject.registeredRegionCode };
      // a household change is everyone's in it: their standings are recomputed with this one's
      const households = new Set<string>();
      let change: ChangeFacts = known ? personChange(known, registration.subject) : {};
      if (registration.household) {
        const filed = await this.saveHousehold(
          tx,
          subject,
          saved.householdId,
          registration.household,
          joining,
        );
        change = { ...change, ...filed.change };
        filed.households.forEach((h) => households.add(h));
        if (filed.left) await this.leftHousehold(tx, filed.left, policy, identity);
      }
      if (pack && Object.keys(change).length) {
        await this.warnings.raise(tx, subject, pack, change, 'IN_WORK', identity);
      }
      if (registration.assistance.length) {
        await this.repository.mergeAssistance(tx, saved.id, registration.assistance);
      }
      if (input.tekunConditions)
        await this.repository.saveTekunConditions(tx, saved.id, input.tekunConditions);
      // leads filed about the person before they were registered (street patrol, hotline) now point at them
      await this.discoveries.linkRegistered(tx, saved.id, registration.subject.idNumber);
      const members = new Set([saved.id]);
      for (const h of households) for (const m of await this.repository.members(tx, h)) members.add(m.id);
      // tier and next due visit follow the record, household and statuses in the same transaction
      await this.standing.recompute([...members], { tx, policy });
      return this.repository.registered(tx, saved.id);
    });
  }

  /**
   * 一户一档: the household of the registered member named by `memberOf`. A person outside the
   * caller's region is answered as unknown (NOT_FOUND), as every region check does.
   */
  private async householdToJoin(
    tx: EntityManager,
    memberOf: string,
    identity: Identity,
  ): Promise<KnownPerson> {
    const member = await this.repository.placeForUpdate(tx, memberOf);
    if (
      !member ||
      !isVisibleTo(
        {
          idNumber: memberOf,
          registeredRegionCode: member.registered,
          residenceRegionCode: member.residence,
        },
        identity,
      )
    )
      throw new NotFoundError('subject with ID number', memberOf, 'household.memberOf');
    return member;
  }

  /**
   * A known person is updated only by staff of the region that holds the record now, and never moved
   * by a registration: moving a person to another region is `moveSubject` (ADMIN), recorded.
   */
  private async mayUpdate(
    tx: EntityManager,
    subject: SubjectRow,
    identity: Identity,
  ): Promise<KnownPerson | null> {
    const known = await this.repository.placeForUpdate(tx, subject.idNumber);
    if (!known) return null;
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
    return known;
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
    const household = input.household ? checkHousehold(input.household, person.id.idNumber) : null;
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
        pension: input.pension ?? null,
        registeredAddress: checkText(input.registeredAddress, 'registeredAddress', MAX_ADDRESS),
        residenceAddress: checkText(input.residenceAddress, 'residenceAddress', MAX_ADDRESS),
        mainNeeds: checkText(input.mainNeeds, 'mainNeeds', MAX_NOTE),
        handlingPlan: checkText(input.handlingPlan, 'handlingPlan', MAX_NOTE),
        situations: input.situations ?? null,
        stableIncome: input.stableIncome ?? null,
      },
      household,
      assistance,
    };
  }

  /**
   * A known household is updated, a new one filed, or (memberOf) the member's household joined —
   * leaving the one the person was in. Returns what changed for the early-warning rules, the
   * other households whose members' standings move, and the household left.
   */
  private async saveHousehold(
    tx: EntityManager,
    subject: Pick<SubjectEntity, 'id' | 'registeredRegionCode'>,
    householdId: string | null,
    household: HouseholdRow,
    joining: KnownPerson | null,
  ): Promise<{ change: ChangeFacts; households: string[]; left: string | null }> {
    const target =
      joining && (joining.householdId ?? (await this.repository.createHousehold(tx, joining.id, household)));
    if (!target) {
      if (!householdId) {
        // filed now with the person alone in it: no other member's standing moves
        await this.repository.createHousehold(tx, subject.id, household);
        return { change: {}, households: [], left: null };
      }
      const change = householdChange(await this.repository.householdForUpdate(tx, householdId), household);
      await this.repository.updateHousehold(tx, householdId, household);
      return { change, households: [householdId], left: null };
    }
    const before = await this.repository.householdForUpdate(tx, target);
    const change = householdChange(before, household);
    if (householdId !== target) change.membersJoined = 1;
    await this.repository.updateHousehold(tx, target, household);
    await this.repository.joinHousehold(tx, subject.id, target, household.relation!);
    const left = householdId && householdId !== target ? householdId : null;
    return { change, households: left ? [target, left] : [target], left };
  }

  /**
   * A household's size and income as a member's visit found them (一户一档: the file is the
   * household's, so every member's standing moves): the household is updated — or filed, headed by
   * the visited person — raising the pack's early warnings on what changed, inside the visit's
   * transaction. Returns what changed and the members whose standings to recompute.
   */
  async householdFound(
    tx: EntityManager,
    subject: Pick<SubjectEntity, 'id' | 'registeredRegionCode' | 'householdId'>,
    found: { size: number; monthlyIncomePerCapita: number },
    policy: PolicySnapshot,
    identity: Identity,
  ): Promise<{ change: ChangeFacts; members: string[] }> {
    const row = { ...found, propertyNote: null, memberOf: null, relation: null };
    const filed = await this.saveHousehold(tx, subject, subject.householdId, row, null);
    const pack = policy.packFor(subject.registeredRegionCode)?.pack;
    if (pack && Object.keys(filed.change).length)
      await this.warnings.raise(tx, subject, pack, filed.change, 'VISIT', identity);
    const members = new Set([subject.id]);
    for (const h of filed.households) for (const m of await this.repository.members(tx, h)) members.add(m.id);
    return { change: filed.change, members: [...members] };
  }

  /** A member left a household: it counts one person fewer, a change its remaining members' pack may warn of. */
  private async leftHousehold(
    tx: EntityManager,
    householdId: string,
    policy: PolicySnapshot,
    identity: Identity,
  ): Promise<void> {
    const before = await this.repository.shrinkHousehold(tx, householdId);
    const [remaining] = await this.repository.members(tx, householdId);
    const pack = remaining && policy.packFor(remaining.registeredRegionCode)?.pack;
    if (!pack) return;
    const change: ChangeFacts = { membersLeft: 1 };
    if (before.size > 1) change.householdSizeChange = -1;
    await this.warnings.raise(tx, remaining, pack, change, 'IN_WORK', identity);
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
const MAX_ADDRESS = 200;
const MAX_NOTE = 2000;

/** Optional free text: trimmed, blank as absent, at most `max` characters. */
function checkText(value: string | null | undefined, field: string, max: number): string | null {
  const text = value?.trim();
  if (!text) return null;
  if (text.length > max) throw new InvalidInputError(field, `must be at most ${max} characters`, 'LENGTH');
  return text;
}

/** A household's size and per-capita income, checked; `field` names them in an error (`household`). */
export function checkHouseholdFigures(
  household: { size: number; monthlyIncomePerCapita: number },
  field: string,
): void {
  if (!Number.isInteger(household.size) || household.size < 1 || household.size > 50) {
    throw new InvalidInputError(`${field}.size`, 'must be a whole number from 1 to 50', 'RANGE');
  }
  const income = household.monthlyIncomePerCapita;
  if (!Number.isFinite(income) || income < 0 || income > MAX_MONTHLY_YUAN) {
    throw new InvalidInputError(
      `${field}.monthlyIncomePerCapita`,
      `must be from 0 to ${MAX_MONTHLY_YUAN} yuan`,
      'RANGE',
    );
  }
}

function checkHousehold(household: HouseholdInputData, idNumber: string): HouseholdRow {
  checkHouseholdFigures(household, 'household');
  const memberOf =
    household.memberOf == null ? null : parseIdNumber(household.memberOf, 'household.memberOf').idNumber;
  if (memberOf === idNumber)
    throw new InvalidInputError(
      'household.memberOf',
      "name another member's ID number, not the person's own",
      'SELF',
    );
  if (memberOf && !household.relation)
    throw new InvalidInputError(
      'household.relation',
      'say how the person is related to the head of the household',
      'REQUIRED',
    );
  if (memberOf && household.relation === 'HEAD')
    throw new InvalidInputError(
      'household.relation',
      'the household joined already has its head',
      'HEAD_TAKEN',
    );
  return {
    size: household.size,
    monthlyIncomePerCapita: household.monthlyIncomePerCapita,
    propertyNote: household.propertyNote ?? null,
    memberOf,
    relation: memberOf ? household.relation! : null,
  };
}

/**
 * What the early-warning rules read of a person's own change (Hangtou 三(一)2(1), 综合数据表: 婚姻状况,
 * 就业状况): a marital status or employment that was known and is now different.
 */
function personChange(known: KnownPerson, now: SubjectRow): ChangeFacts {
  const change: ChangeFacts = {};
  if (known.maritalStatus && now.maritalStatus && now.maritalStatus !== known.maritalStatus)
    change.maritalStatusChanged = true;
  if (known.employment && now.employment && now.employment !== known.employment)
    change.employmentChanged = true;
  return change;
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

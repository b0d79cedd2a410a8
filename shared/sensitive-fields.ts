/**
 * Which fields of a person's record are sensitive, as data: the audit records every read of them by
 * another department, and the same table decides who sees each one (`shownTo`; the masking guard in
 * shared/disclosure.ts, and the gateway for ID numbers). The README prints it. A type's field is named as the
 * composed supergraph names it; each field belongs to the department whose subgraph resolves it.
 */
import { Role } from './auth';
import { Department } from './departments';

export enum SensitiveCategory {
  ID_NUMBER = 'ID_NUMBER',
  CONTACT = 'CONTACT',
  INCOME = 'INCOME',
  PROPERTY = 'PROPERTY',
  DIAGNOSIS = 'DIAGNOSIS',
  HEALTH = 'HEALTH',
  DISABILITY = 'DISABILITY',
  UNION = 'UNION',
  CHARITY = 'CHARITY',
}

/**
 * Who sees a sensitive field in full. Everyone else gets null and `extensions.withheld` saying why
 * (an ID number is shown masked instead, `330381********432X`).
 * - `ANY`: whoever may read the record (the read is still audited)
 * - `OWN_DEPARTMENT`: the department that keeps it (`roles`, when given, narrow it)
 * - `CONSENT`: the keeping department, or anyone once the subject's consent to share economic data is
 *   recorded (and the department that wrote the text, `authorField`)
 * - `REFERRAL_HANDLER`: the keeping department, or a department handling a referral of the person
 * - `RECORD_OR_REFERRAL`: the keeping department, or a department that holds a record of the person
 *   (it has reported facts about them) or a referral for them
 */
export type Disclosure =
  | { to: 'ANY' }
  | { to: 'OWN_DEPARTMENT'; roles?: readonly Role[] }
  | { to: 'CONSENT'; authorField?: string }
  | { to: 'REFERRAL_HANDLER' }
  | { to: 'RECORD_OR_REFERRAL' };

export interface SensitiveField {
  department: Department;
  type: string;
  field: string;
  category: SensitiveCategory;
  /** who sees it in full (default ANY) */
  shownTo?: Disclosure;
  /** the reason given in `extensions.withheld` to those who do not */
  withheld?: string;
}

const { CIVIL_AFFAIRS, DISABILITY, TRADE_UNION, HEALTH, CHARITY } = Department;
const C = SensitiveCategory;

export const SENSITIVE_FIELDS: readonly SensitiveField[] = [
  {
    department: CIVIL_AFFAIRS,
    type: 'Subject',
    field: 'idNumber',
    category: C.ID_NUMBER,
    shownTo: { to: 'RECORD_OR_REFERRAL' },
    withheld: 'ID_NUMBER_MASKED',
  },
  {
    department: CIVIL_AFFAIRS,
    type: 'Subject',
    field: 'phone',
    category: C.CONTACT,
    shownTo: { to: 'REFERRAL_HANDLER' },
    withheld: 'CONTACT_NOT_SHARED',
  },
  // addresses are contact data, shown as the phone number is (reports #11)
  {
    department: CIVIL_AFFAIRS,
    type: 'Subject',
    field: 'registeredAddress',
    category: C.CONTACT,
    shownTo: { to: 'REFERRAL_HANDLER' },
    withheld: 'CONTACT_NOT_SHARED',
  },
  {
    department: CIVIL_AFFAIRS,
    type: 'Subject',
    field: 'residenceAddress',
    category: C.CONTACT,
    shownTo: { to: 'REFERRAL_HANDLER' },
    withheld: 'CONTACT_NOT_SHARED',
  },
  // the advisor's notes describe the household's hardship
  { department: CIVIL_AFFAIRS, type: 'Subject', field: 'mainNeeds', category: C.INCOME },
  { department: CIVIL_AFFAIRS, type: 'Subject', field: 'handlingPlan', category: C.INCOME },
  // an assistance status (低保, 特困 …) says the household's income is under a line
  { department: CIVIL_AFFAIRS, type: 'Subject', field: 'assistance', category: C.INCOME },
  { department: CIVIL_AFFAIRS, type: 'Subject', field: 'stableIncome', category: C.INCOME },
  // the facts partners' rules read: income against the lines, illness, disability grade
  { department: CIVIL_AFFAIRS, type: 'Subject', field: 'eligibilityFacts', category: C.INCOME },
  // 一户一档: who else is in the household, by ID number, is civil affairs' own file
  {
    department: CIVIL_AFFAIRS,
    type: 'Household',
    field: 'members',
    category: C.ID_NUMBER,
    shownTo: { to: 'OWN_DEPARTMENT' },
    withheld: 'HOUSEHOLD_MEMBERS_NOT_SHARED',
  },
  {
    department: CIVIL_AFFAIRS,
    type: 'Household',
    field: 'monthlyIncomePerCapita',
    category: C.INCOME,
    shownTo: { to: 'CONSENT' },
    withheld: 'NO_CONSENT',
  },
  {
    department: CIVIL_AFFAIRS,
    type: 'Household',
    field: 'propertyNote',
    category: C.PROPERTY,
    shownTo: { to: 'CONSENT' },
    withheld: 'NO_CONSENT',
  },
  // free text written when a person is found may carry income figures (a data push's amounts)
  {
    department: CIVIL_AFFAIRS,
    type: 'Discovery',
    field: 'householdSituation',
    category: C.INCOME,
    shownTo: { to: 'CONSENT', authorField: 'foundByDepartment' },
    withheld: 'NO_CONSENT',
  },
  {
    department: CIVIL_AFFAIRS,
    type: 'Discovery',
    field: 'note',
    category: C.INCOME,
    shownTo: { to: 'CONSENT', authorField: 'foundByDepartment' },
    withheld: 'NO_CONSENT',
  },

  // the certificate number is the ID number with two digits added
  { department: DISABILITY, type: 'DisabilityRecord', field: 'certificateNumber', category: C.ID_NUMBER },
  { department: DISABILITY, type: 'DisabilityRecord', field: 'category', category: C.DISABILITY },
  { department: DISABILITY, type: 'DisabilityRecord', field: 'grade', category: C.DISABILITY },
  // a department's program answers say what its record holds (enrolled, grade 1-2, …)
  { department: DISABILITY, type: 'Subject', field: 'disabilityPrograms', category: C.DISABILITY },

  { department: TRADE_UNION, type: 'TradeUnionRecord', field: 'member', category: C.UNION },
  { department: TRADE_UNION, type: 'TradeUnionRecord', field: 'employer', category: C.UNION },
  { department: TRADE_UNION, type: 'TradeUnionRecord', field: 'difficultWorker', category: C.UNION },
  { department: TRADE_UNION, type: 'Subject', field: 'tradeUnionPrograms', category: C.UNION },

  {
    department: HEALTH,
    type: 'MedicalRecord',
    field: 'diagnosis',
    category: C.DIAGNOSIS,
    shownTo: { to: 'OWN_DEPARTMENT', roles: [Role.ADMIN, Role.STAFF] },
    withheld: 'DIAGNOSIS_HEALTH_ONLY',
  },
  { department: HEALTH, type: 'MedicalRecord', field: 'majorIllness', category: C.HEALTH },
  { department: HEALTH, type: 'MedicalRecord', field: 'outOfPocketLast12Months', category: C.HEALTH },
  { department: HEALTH, type: 'Subject', field: 'healthPrograms', category: C.HEALTH },

  { department: CHARITY, type: 'CharityProfile', field: 'activeMatches', category: C.CHARITY },
  { department: CHARITY, type: 'CharityMatch', field: 'note', category: C.CHARITY },
  { department: CHARITY, type: 'Subject', field: 'charityPrograms', category: C.CHARITY },
];

/** type → field → category, for one department's subgraph (or every department's) */
export type SensitiveLookup = ReadonlyMap<string, ReadonlyMap<string, SensitiveCategory>>;

export function sensitiveLookup(department?: Department): SensitiveLookup {
  const byType = new Map<string, Map<string, SensitiveCategory>>();
  for (const s of SENSITIVE_FIELDS) {
    if (department && s.department !== department) continue;
    if (!byType.has(s.type)) byType.set(s.type, new Map());
    byType.get(s.type)!.set(s.field, s.category);
  }
  return byType;
}

/** The category of `type.field`, or undefined when the field is not sensitive. */
export function sensitiveCategory(type: string, field: string): SensitiveCategory | undefined {
  return SENSITIVE_FIELDS.find((s) => s.type === type && s.field === field)?.category;
}

/** The fields someone may be refused, as Markdown for the README (a test keeps the copy the same). */
export function disclosureMarkdown(): string {
  const who = (d: Disclosure) => {
    switch (d.to) {
      case 'ANY':
        return 'whoever may read the record';
      case 'OWN_DEPARTMENT':
        return `own department${d.roles ? ` (${d.roles.join('/')})` : ''}`;
      case 'CONSENT':
        return `own department; others with the subject's recorded consent${d.authorField ? '; the department that wrote it' : ''}`;
      case 'REFERRAL_HANDLER':
        return 'own department; a department handling a referral of the person';
      case 'RECORD_OR_REFERRAL':
        return 'own department; a department holding a record of or a referral for the person (others: masked)';
    }
  };
  const rows = SENSITIVE_FIELDS.filter((f) => f.shownTo && f.shownTo.to !== 'ANY').map(
    (f) =>
      `| \`${f.type}.${f.field}\` | ${f.department} | ${f.category} | ${who(f.shownTo!)} | \`${f.withheld}\` |`,
  );
  return [
    '| field | kept by | category | shown in full to | otherwise (`extensions.withheld` reason) |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/**
 * Which fields of a person's record are sensitive, as data: the audit records every read of them by
 * another department, and the same table is meant to drive masking. A type's field is named as the
 * composed supergraph names it; each field belongs to the department whose subgraph resolves it.
 */
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

export interface SensitiveField {
  department: Department;
  type: string;
  field: string;
  category: SensitiveCategory;
}

const { CIVIL_AFFAIRS, DISABILITY, TRADE_UNION, HEALTH, CHARITY } = Department;
const C = SensitiveCategory;

export const SENSITIVE_FIELDS: readonly SensitiveField[] = [
  { department: CIVIL_AFFAIRS, type: 'Subject', field: 'idNumber', category: C.ID_NUMBER },
  { department: CIVIL_AFFAIRS, type: 'Subject', field: 'phone', category: C.CONTACT },
  // an assistance status (低保, 特困 …) says the household's income is under a line
  { department: CIVIL_AFFAIRS, type: 'Subject', field: 'assistance', category: C.INCOME },
  { department: CIVIL_AFFAIRS, type: 'Subject', field: 'stableIncome', category: C.INCOME },
  // the facts partners' rules read: income against the lines, illness, disability grade
  { department: CIVIL_AFFAIRS, type: 'Subject', field: 'eligibilityFacts', category: C.INCOME },
  { department: CIVIL_AFFAIRS, type: 'Household', field: 'monthlyIncomePerCapita', category: C.INCOME },
  { department: CIVIL_AFFAIRS, type: 'Household', field: 'propertyNote', category: C.PROPERTY },

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

  { department: HEALTH, type: 'MedicalRecord', field: 'diagnosis', category: C.DIAGNOSIS },
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

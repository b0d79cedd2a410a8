/**
 * Resident ID numbers (GB 11643-1999): 6-digit region of first registration, 8-digit birth date,
 * 3-digit sequence (odd = male, even = female) and a mod 11-2 check character (`X` for 10).
 * One validator for every service; the rules themselves are in id-number-rules.ts (the pages bundle
 * them too).
 */
import { InvalidInputError } from './errors';
import { Sex, checkCharacter, checkIdNumber } from './id-number-rules';
import { isKnownProvince } from './regions';

export { checkCharacter };
export type { Sex };

export interface ParsedIdNumber {
  idNumber: string;
  /** region of first registration (may be an abolished county code for older numbers) */
  regionPrefix: string;
  birthDate: string;
  sex: Sex;
}

/**
 * Parses and verifies an ID number; throws `InvalidInputError` naming `field` otherwise.
 * The region prefix is checked down to the province: county codes of older numbers may have been
 * abolished since and still be genuine, so they are not refused.
 */
export function parseIdNumber(raw: string, field = 'idNumber', today: Date = new Date()): ParsedIdNumber {
  const checked = checkIdNumber(raw, today);
  if (!checked.ok) throw new InvalidInputError(field, checked.problem.message, checked.problem.reason);
  const { idNumber, birthDate, sex } = checked;
  if (!isKnownProvince(idNumber.slice(0, 2))) {
    throw new InvalidInputError(
      field,
      `region prefix ${idNumber.slice(0, 6)} is not a known province`,
      'REGION',
    );
  }
  return { idNumber, regionPrefix: idNumber.slice(0, 6), birthDate, sex };
}

/** Builds a valid ID number from its parts (demo data and tests). */
export function makeIdNumber(regionPrefix: string, birthDate: string, sequence: number): string {
  const first17 = `${regionPrefix}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

/** Whole years of age on `on` (ISO date). */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/**
 * Resident ID numbers (GB 11643-1999): 6-digit region of first registration, 8-digit birth date,
 * 3-digit sequence (odd = male, even = female) and a mod 11-2 check character (`X` for 10).
 * One validator for every service.
 */
import { InvalidInputError } from './errors';
import { isKnownProvince } from './regions';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export type Sex = 'MALE' | 'FEMALE';

export interface ParsedIdNumber {
  idNumber: string;
  /** region of first registration (may be an abolished county code for older numbers) */
  regionPrefix: string;
  birthDate: string;
  sex: Sex;
}

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/**
 * Parses and verifies an ID number; throws `InvalidInputError` naming `field` otherwise.
 * The region prefix is checked down to the province: county codes of older numbers may have been
 * abolished since and still be genuine, so they are not refused.
 */
export function parseIdNumber(raw: string, field = 'idNumber', today: Date = new Date()): ParsedIdNumber {
  const idNumber = String(raw ?? '')
    .trim()
    .toUpperCase();
  if (!/^\d{17}[\dX]$/.test(idNumber)) {
    throw new InvalidInputError(field, 'must be 18 characters: 17 digits and a check digit or X', 'FORMAT');
  }
  const expected = checkCharacter(idNumber);
  if (idNumber[17] !== expected) {
    throw new InvalidInputError(
      field,
      `check character is ${idNumber[17]} but GB 11643 gives ${expected}: the number is mistyped`,
      'CHECKSUM',
    );
  }
  if (!isKnownProvince(idNumber.slice(0, 2))) {
    throw new InvalidInputError(
      field,
      `region prefix ${idNumber.slice(0, 6)} is not a known province`,
      'REGION',
    );
  }
  const y = Number(idNumber.slice(6, 10));
  const m = Number(idNumber.slice(10, 12));
  const d = Number(idNumber.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  const isRealDate =
    birth.getUTCFullYear() === y && birth.getUTCMonth() === m - 1 && birth.getUTCDate() === d;
  if (!isRealDate || y < 1900 || birth.getTime() > today.getTime()) {
    throw new InvalidInputError(
      field,
      `birth date ${idNumber.slice(6, 14)} is not a real past date`,
      'BIRTH_DATE',
    );
  }
  return {
    idNumber,
    regionPrefix: idNumber.slice(0, 6),
    birthDate: birth.toISOString().slice(0, 10),
    sex: Number(idNumber[16]) % 2 === 1 ? 'MALE' : 'FEMALE',
  };
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

/**
 * The rules of a resident ID number (GB 11643-1999) that need no data: 18 characters, the mod 11-2
 * check character, a real past birth date. Free of Node imports so the pages bundle the very same
 * rules the services apply (web/src/window.ts checks the number as it is typed); `parseIdNumber` in
 * shared/id-number.ts adds the province check and turns a problem into a coded error.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export type Sex = 'MALE' | 'FEMALE';

/** what is wrong with a number: the `reason` of the BAD_USER_INPUT error, with its message */
export type IdNumberProblem =
  | { reason: 'FORMAT'; message: string }
  | { reason: 'CHECKSUM'; message: string; expected: string }
  | { reason: 'BIRTH_DATE'; message: string };

export type IdNumberCheck =
  | { ok: true; idNumber: string; birthDate: string; sex: Sex }
  | { ok: false; idNumber: string; problem: IdNumberProblem };

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/** Trims and upper-cases (a lower-case x is the same check character). */
export function normaliseIdNumber(raw: unknown): string {
  return String(raw ?? '')
    .trim()
    .toUpperCase();
}

/** Checks format, check character and birth date, in that order; the first problem found is given. */
export function checkIdNumber(raw: unknown, today: Date = new Date()): IdNumberCheck {
  const idNumber = normaliseIdNumber(raw);
  if (!/^\d{17}[\dX]$/.test(idNumber)) {
    const message = 'must be 18 characters: 17 digits and a check digit or X';
    return { ok: false, idNumber, problem: { reason: 'FORMAT', message } };
  }
  const expected = checkCharacter(idNumber);
  if (idNumber[17] !== expected) {
    const message = `check character is ${idNumber[17]} but GB 11643 gives ${expected}: the number is mistyped`;
    return { ok: false, idNumber, problem: { reason: 'CHECKSUM', message, expected } };
  }
  const y = Number(idNumber.slice(6, 10));
  const m = Number(idNumber.slice(10, 12));
  const d = Number(idNumber.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  const isRealDate =
    birth.getUTCFullYear() === y && birth.getUTCMonth() === m - 1 && birth.getUTCDate() === d;
  if (!isRealDate || y < 1900 || birth.getTime() > today.getTime()) {
    const message = `birth date ${idNumber.slice(6, 14)} is not a real past date`;
    return { ok: false, idNumber, problem: { reason: 'BIRTH_DATE', message } };
  }
  return {
    ok: true,
    idNumber,
    birthDate: birth.toISOString().slice(0, 10),
    sex: Number(idNumber[16]) % 2 === 1 ? 'MALE' : 'FEMALE',
  };
}

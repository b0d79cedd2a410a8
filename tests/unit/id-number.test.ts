import { AppError, InvalidInputError } from '../../shared/errors';
import { ageOn, checkCharacter, makeIdNumber, parseIdNumber } from '../../shared/id-number';

function refusal(idNumber: string): InvalidInputError {
  try {
    parseIdNumber(idNumber, 'idNumber', new Date('2026-11-25T00:00:00Z'));
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidInputError);
    return e as InvalidInputError;
  }
  throw new Error(`${idNumber} was accepted`);
}

describe('resident ID number (GB 11643)', () => {
  it('accepts the contract example with an X check character and reads birth date and sex from it', () => {
    expect(parseIdNumber('33038119520315432X')).toEqual({
      idNumber: '33038119520315432X',
      regionPrefix: '330381',
      birthDate: '1952-03-15',
      sex: 'FEMALE',
    });
  });

  it('reads an odd sequence digit as male', () => {
    expect(parseIdNumber('330381198805061239').sex).toBe('MALE');
  });

  it('accepts a lower-case x and normalises it', () => {
    expect(parseIdNumber('33038119520315432x').idNumber).toBe('33038119520315432X');
  });

  it('computes the published check character of a known number', () => {
    // GB 11643-1999 annex example: 11010519491231002X
    expect(checkCharacter('11010519491231002')).toBe('X');
  });

  it('refuses an ID number whose check character is wrong, naming the field', () => {
    const e = refusal('330381195203154321');
    expect(e.code).toBe('BAD_USER_INPUT');
    expect(e.details).toEqual({ field: 'idNumber', reason: 'CHECKSUM' });
    expect(e.message).toContain('idNumber');
  });

  it('refuses a wrong length or letters in the digits', () => {
    expect(refusal('33038119520315432').details.reason).toBe('FORMAT');
    expect(refusal('3303811952031543AX').details.reason).toBe('FORMAT');
  });

  it('refuses an impossible birth date even with a correct check character', () => {
    expect(refusal(makeIdNumber('330381', '1990-02-30', 123)).details.reason).toBe('BIRTH_DATE');
  });

  it('refuses a birth date in the future', () => {
    expect(refusal(makeIdNumber('330381', '2027-01-01', 123)).details.reason).toBe('BIRTH_DATE');
  });

  it('refuses an unknown province prefix', () => {
    expect(refusal(makeIdNumber('990381', '1960-01-01', 123)).details.reason).toBe('REGION');
  });

  it('names a nested field when asked to', () => {
    try {
      parseIdNumber('330381195203154321', 'input.idNumber');
      throw new Error('accepted');
    } catch (e) {
      expect((e as AppError).details.field).toBe('input.idNumber');
    }
  });

  it('counts age in whole years, the day before and on the birthday', () => {
    expect(ageOn('1956-11-25', '2026-11-24')).toBe(69);
    expect(ageOn('1956-11-25', '2026-11-25')).toBe(70);
  });
});

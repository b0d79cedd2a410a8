import { AppError } from '../../shared/errors';
import { PAGE_DEFAULT, PAGE_MAX, decodeCursor, encodeCursor, pageById, pageSize } from '../../shared/paging';

const ID = '0b1e5c1a-8d4e-4f7a-9c2b-3d4e5f6a7b8c';

function fieldOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? { code: e.code, ...e.details } : e;
  }
  return 'no error';
}

describe('paging arguments', () => {
  it('reads back the key a cursor was made with', () => {
    const cursor = encodeCursor('DueVisit', '2026-12-01T00:00:00.000Z', ID);
    expect(decodeCursor(cursor, 'DueVisit', ['instant', 'id'])).toEqual(['2026-12-01T00:00:00.000Z', ID]);
  });

  it('has no key without a cursor', () => {
    expect(decodeCursor(null, 'Discovery', ['id'])).toBeNull();
    expect(pageById('Discovery', undefined, undefined)).toEqual({ limit: PAGE_DEFAULT, afterId: null });
  });

  it.each([
    ['another list’s cursor', encodeCursor('Referral', ID)],
    ['a key of the wrong shape', encodeCursor('Discovery', 'not-a-uuid')],
    ['too many parts', encodeCursor('Discovery', ID, ID)],
    ['not base64url', 'a cursor?'],
    ['base64 of something else', Buffer.from('hello').toString('base64url')],
  ])('refuses %s naming after', (_what, cursor) => {
    expect(fieldOf(() => decodeCursor(cursor, 'Discovery', ['id']))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'after',
      reason: 'CURSOR',
    });
  });

  it('refuses an instant that is not a date-time', () => {
    const cursor = encodeCursor('DueVisit', 'yesterday', ID);
    expect(fieldOf(() => decodeCursor(cursor, 'DueVisit', ['instant', 'id']))).toMatchObject({
      field: 'after',
    });
  });

  it(`takes first from 1 to ${PAGE_MAX}, ${PAGE_DEFAULT} when not given`, () => {
    expect(pageSize(undefined)).toBe(PAGE_DEFAULT);
    expect(pageSize(1)).toBe(1);
    expect(pageSize(PAGE_MAX)).toBe(PAGE_MAX);
    for (const bad of [0, -5, PAGE_MAX + 1, 2.5])
      expect(fieldOf(() => pageSize(bad))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });
});

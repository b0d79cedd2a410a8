import { parseIsoDate, parseIsoDateTime } from '../../shared/dates';

describe('dates a client sends', () => {
  it.each(['2026-02-30', '2025-04-31', '2026-13-01', '2026-00-10', '2026-1-1', 'next tuesday', ''])(
    'refuses the date %j, naming the field',
    (value) => {
      expect(() => parseIsoDate(value, 'since')).toThrow(expect.objectContaining({ field: 'since' }));
    },
  );

  it.each([
    '2026-02-30T10:00:00+08:00',
    '2025-04-31T10:00:00Z',
    '2026-01-10T24:00:00Z',
    '2026-01-10T10:60:00Z',
    '2026-01-10T10:00:60Z',
    '2026-01-10T10:00:00+15:00',
    '2026-01-10T10:00:00',
    '2026-01-10 10:00',
  ])('refuses the date-time %j that Date alone would roll over or guess at', (value) => {
    expect(() => parseIsoDateTime(value, 'occurredAt')).toThrow(
      expect.objectContaining({
        field: 'occurredAt',
        details: expect.objectContaining({ reason: 'DATE_TIME' }),
      }),
    );
  });

  it('reads a date-time with its offset', () => {
    expect(parseIsoDateTime('2024-02-29T23:30:00.5+08:00', 'at').toISOString()).toBe(
      '2024-02-29T15:30:00.500Z',
    );
    expect(parseIsoDate(' 2024-02-29 ', 'on')).toBe('2024-02-29');
  });
});

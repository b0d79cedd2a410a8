import { parseIsoDate } from '../../../../../shared/dates';
import { InvalidInputError } from '../../../../../shared/errors';
import type { AssistanceRow } from './registration.repository';

export interface GivenAssistance {
  category: string;
  status: string;
  since: string;
  until?: string | null;
}

/** Checks assistance statuses as given (a registration's, or what a discovery's decision granted). */
export function checkAssistance(
  list: GivenAssistance[],
  birthDate: string,
  path = 'assistance',
): AssistanceRow[] {
  const assistance = list.map((a, i) => {
    const field = `${path}[${i}]`;
    const since = parseIsoDate(a.since, `${field}.since`);
    const until = a.until == null ? null : parseIsoDate(a.until, `${field}.until`);
    if (until && until < since)
      throw new InvalidInputError(`${field}.until`, 'is before since', 'DATE_ORDER');
    if (a.status === 'ENDED' && !until) {
      throw new InvalidInputError(`${field}.until`, 'an ENDED status needs its termination date', 'REQUIRED');
    }
    if (since < birthDate) {
      throw new InvalidInputError(`${field}.since`, 'is before the birth date', 'DATE_ORDER');
    }
    return { category: a.category, status: a.status, since, until };
  });
  const keys = new Set(assistance.map((a) => `${a.category}@${a.since}`));
  if (keys.size !== assistance.length) {
    throw new InvalidInputError(path, 'lists the same category and since date twice', 'DUPLICATE');
  }
  return assistance;
}

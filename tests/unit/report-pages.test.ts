/**
 * The monthly report's pages kept between the plan's first fetch and its `rows` fetch
 * (subgraphs/civil-affairs/src/modules/reports/report.resolver.ts): taken once, by the caller who
 * read them, within their time; the oldest pushed out when too many wait.
 */
import 'reflect-metadata';
import { KeptPages } from '../../subgraphs/civil-affairs/src/modules/reports/report.resolver';
import type { ReportPage } from '../../subgraphs/civil-affairs/src/modules/reports/report.service';

const page = (n: number) => ({ offset: n }) as unknown as ReportPage;

describe('pages kept for the rows fetch', () => {
  it('gives a page once, to the caller who read it', () => {
    const kept = new KeptPages();
    kept.keep('a', 'alice', page(1));
    expect(kept.take('a', 'mallory')).toBeUndefined();
    expect(kept.take('a', 'alice')).toEqual(page(1));
    expect(kept.take('a', 'alice')).toBeUndefined();
  });

  it('pushes the oldest out beyond its size, and forgets pages past their time', () => {
    const kept = new KeptPages(2, 60_000);
    kept.keep('a', 'u', page(1));
    kept.keep('b', 'u', page(2));
    kept.keep('c', 'u', page(3));
    expect(kept.take('a', 'u')).toBeUndefined();
    expect(kept.take('b', 'u')).toEqual(page(2));
    expect(kept.take('c', 'u')).toEqual(page(3));
    const expired = new KeptPages(2, -1);
    expired.keep('a', 'u', page(1));
    expect(expired.take('a', 'u')).toBeUndefined();
  });
});

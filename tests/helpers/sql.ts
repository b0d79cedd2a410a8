/** table name → how many of the statements read it (FROM or JOIN) */
export function tablesRead(statements: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const sql of statements) {
    const tables = new Set([...sql.matchAll(/\b(?:FROM|JOIN)\s+"?([a-z_]+)"?/gi)].map((m) => m[1]));
    for (const t of tables) counts[t] = (counts[t] ?? 0) + 1;
  }
  return counts;
}

/**
 * `npm run policy`: prints the access policy and the masking table from the code into the README,
 * between their markers, so the README always shows what the guards read
 * (tests/unit/access-policy.test.ts fails when the copy differs).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { operationsMarkdown } from '../shared/access-policy';
import { disclosureMarkdown } from '../shared/sensitive-fields';

export const README = path.resolve(__dirname, '..', 'README.md');

/** The README with each marked section replaced by the table the code prints. */
export function withPolicyTables(readme: string): string {
  const sections: Record<string, string> = {
    'access-policy': operationsMarkdown(),
    disclosure: disclosureMarkdown(),
  };
  let out = readme;
  for (const [name, table] of Object.entries(sections)) {
    const pattern = new RegExp(`(<!-- ${name}:begin -->\\n)[\\s\\S]*?(<!-- ${name}:end -->)`);
    if (!pattern.test(out)) throw new Error(`README.md has no <!-- ${name}:begin/end --> markers`);
    out = out.replace(pattern, `$1\n${table}\n\n$2`);
  }
  return out;
}

/** A table row as a reader sees it: cell padding and the separator's length do not matter. */
export function normalizeTables(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) => (line.startsWith('|') ? line.replace(/\s*\|\s*/g, '|').replace(/-{3,}/g, '---') : line))
    .join('\n');
}

if (require.main === module) {
  void (async () => {
    const prettier = await import('prettier');
    const text = withPolicyTables(readFileSync(README, 'utf8'));
    const options = (await prettier.resolveConfig(README)) ?? {};
    writeFileSync(README, await prettier.format(text, { ...options, filepath: README }));
    console.log('README.md: access policy and masking tables printed');
  })();
}

import type { SubgraphContext } from '../../../../../shared/subgraph';
import type { RegistryLoaders } from '../registry/registry.loaders';

/**
 * Names, for the audit, the subject of a write addressed by a record's id (a referral, a visit, a
 * lead, a warning): its arguments carry no ID number. Returns the record.
 */
export async function auditSubjectOf<T extends { subjectId: string | null }>(
  record: T,
  ctx: SubgraphContext<Pick<RegistryLoaders, 'subjectById'>>,
): Promise<T> {
  // a lead about a person not registered yet names nobody the registry knows
  if (!record.subjectId) return record;
  const subject = await ctx.loaders.subjectById.load(record.subjectId);
  if (subject) ctx.audit.subject(subject.idNumber);
  return record;
}

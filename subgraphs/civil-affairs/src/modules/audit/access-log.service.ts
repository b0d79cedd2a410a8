import { z } from 'zod';
import {
  ACCESS_LOG_BATCH,
  OPERATION_MAX,
  SERVICE_ROLE,
  ShippedAccessEntry,
} from '../../../../../shared/access-log';
import { sinceInstant } from '../../../../../shared/audit-trail';
import { Citizen, Identity, Role, isService } from '../../../../../shared/auth';
import { parseIsoDate } from '../../../../../shared/dates';
import { Department } from '../../../../../shared/departments';
import { ForbiddenError, InvalidInputError } from '../../../../../shared/errors';
import type { AccessLogRepository, AccessLogRow } from './access-log.repository';

/** the most entries one answer carries; `since` narrows a longer history */
export const MY_ACCESS_LOG_LIMIT = 1000;

const shippedEntry = z.object({
  seq: z.string().regex(/^[1-9]\d{0,17}$/, 'a positive whole number, as text'),
  at: z.iso.datetime({ offset: true }),
  department: z.enum(Department),
  role: z.enum([...Object.values(Role), SERVICE_ROLE]),
  operation: z.string().min(1).max(OPERATION_MAX),
  kind: z.enum(['READ', 'WRITE']),
  subjectIdNumber: z.string().min(1).max(32),
  fields: z.array(z.string().max(500)).max(500),
});

/**
 * 查询记录: a person's own view of who read or changed their data — which department, in what role,
 * which fields, when; never who. Civil affairs answers it alone, from its own audit log and the
 * entries partners ship to it (shared/access-log.ts), so no read waits on another department.
 */
export class AccessLogService {
  constructor(private readonly repository: AccessLogRepository) {}

  /** `recordAccessLog`: a partner's service ships its own log's entries; each is kept once. */
  async record(identity: Identity, department: Department, raw: readonly unknown[]): Promise<number> {
    // the policy opens this to partners' services; each may speak only for its own log
    if (department === Department.CIVIL_AFFAIRS || !isService(identity, department))
      throw new ForbiddenError(`only ${department}'s service ships ${department}'s access log`);
    if (raw.length > ACCESS_LOG_BATCH)
      throw new InvalidInputError('entries', `at most ${ACCESS_LOG_BATCH} entries a call`);
    const entries: ShippedAccessEntry[] = raw.map((entry, i) => {
      const parsed = shippedEntry.safeParse(entry);
      if (parsed.success) return parsed.data;
      const issue = parsed.error.issues[0];
      const path = issue.path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('');
      throw new InvalidInputError(`entries[${i}]${path}`, issue.message);
    });
    return this.repository.store(department, entries);
  }

  /** `myAccessLog`: the citizen's own entries, newest first; `since` an ISO date (China time). */
  mine(citizen: Citizen, since: string | null): Promise<AccessLogRow[]> {
    const day = since == null ? null : parseIsoDate(since, 'since');
    return this.repository.entriesOf(citizen.idNumber, sinceInstant(day), MY_ACCESS_LOG_LIMIT);
  }
}

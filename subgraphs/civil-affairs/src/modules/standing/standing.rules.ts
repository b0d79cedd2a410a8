/**
 * The rules of a subject's standing, pure: its facts from the stored record and the partners'
 * published facts, the tier and next due visit the region's pack gives, and until when they hold.
 */
import type { Facts } from '../../../../../shared/policy/conditions';
import { addDuration, chinaDate } from '../../../../../shared/policy/durations';
import { TierDecision, decideTier, nextDue } from '../policy/engine';
import type { PolicyPack } from '../policy/pack.schema';
import type { PolicySnapshot } from '../policy/policy.service';
import { SubjectRecord, exitedAt, subjectFacts } from './facts';
import { SubjectStandingEntity } from './standing.entity';
import type { StandingInputs } from './standing.repository';

/** used for "recent major event" where no visiting pack covers the region */
const DEFAULT_RECENT_WINDOW = 'P3M';

export interface Decided {
  input: StandingInputs;
  record: SubjectRecord;
  facts: Facts;
  /** null when no pack covers the region */
  pack: PolicyPack | null;
  decision: TierDecision | null;
}

export function decideNow(input: StandingInputs, policy: PolicySnapshot, now: Date): Decided {
  const pack = policy.packFor(input.subject.registeredRegionCode)?.pack ?? null;
  const record = recordOf(input);
  const facts = subjectFacts(record, recentWindow(pack ?? undefined), now);
  return { input, record, facts, pack, decision: pack ? decideTier(pack, facts) : null };
}

export function recordOf(input: StandingInputs): SubjectRecord {
  return { ...input, department: partnerFacts(input) };
}

/** The merged partner facts of a subject: a department not heard from leaves its facts unknown. */
export function partnerFacts(input: Pick<StandingInputs, 'partnerFacts'>): Facts {
  const known: Facts = {};
  for (const row of input.partnerFacts) Object.assign(known, row.facts);
  return known;
}

export function recentWindow(pack: PolicyPack | undefined): string {
  return pack?.urgentCases.recentWindow ?? DEFAULT_RECENT_WINDOW;
}

/** The facts of a subject's record as of `now` (the pack's conditions and the programs read them). */
/** Decides one subject's standing: tier, next due visit, the facts, and until when they hold. */
export function decideStanding(
  input: StandingInputs,
  policy: PolicySnapshot,
  now: Date,
): SubjectStandingEntity {
  const { subject } = input;
  const { pack, facts, decision } = decideNow(input, policy, now);
  const row = new SubjectStandingEntity();
  Object.assign(row, {
    subjectId: subject.id,
    idNumber: subject.idNumber,
    registeredRegionCode: subject.registeredRegionCode,
    residenceRegionCode: subject.residenceRegionCode,
    visitRegionCode: input.visitRegionCode,
    facts,
    lastVisitAt: input.lastVisitAt,
    computedAt: now,
    validUntil: validUntil(input, pack ?? undefined, now),
  });
  if (!pack || !decision) {
    return Object.assign(row, {
      tier: null,
      decision: null,
      pack: null,
      dueAt: null,
      dueReason: '所在地区未配置政策包',
      dueSource: '',
    });
  }
  const open = input.urgentCases
    .filter((u) => !input.lastVisitAt || input.lastVisitAt < u.occurredAt)
    .map((u) => u.visitDeadline);
  const due = nextDue(
    pack,
    decision.tier,
    {
      registeredAt: subject.createdAt,
      lastVisitAt: input.lastVisitAt,
      openUrgentDeadlines: open,
      exitedAt: exitedAt(input.assistance),
      followUpsDue: input.followUpsDue,
    },
    facts,
    now,
  );
  return Object.assign(row, {
    tier: decision.tier,
    decision: { ...decision, pack: `${pack.key} v${pack.version}` },
    pack: `${pack.key} v${pack.version}`,
    dueAt: due.dueAt,
    dueReason: due.reason,
    dueSource: due.source,
  });
}

/** The first moment time alone may change the standing: the next birthday, an event window's end, an exit period's end. */
function validUntil(input: StandingInputs, pack: PolicyPack | undefined, now: Date): Date {
  const today = chinaDate(now);
  const [, month, day] = input.subject.birthDate.split('-');
  let year = Number(today.slice(0, 4));
  let birthday = new Date(`${year}-${month}-${day}T00:00:00+08:00`);
  // 29 February: the birthday counts from 1 March in other years (Date rolls over by itself)
  while (birthday <= now) birthday = new Date(`${++year}-${month}-${day}T00:00:00+08:00`);
  const candidates = [birthday];
  const window = recentWindow(pack);
  for (const u of input.urgentCases) {
    const ends = addDuration(u.occurredAt, window);
    if (ends > now) candidates.push(ends);
  }
  const exited = exitedAt(input.assistance);
  if (exited && pack?.exitRevisit) {
    const ends = addDuration(exited, pack.exitRevisit.until.after);
    if (ends > now) candidates.push(ends);
  }
  return candidates.reduce((a, b) => (b < a ? b : a));
}

import type { DataSource, EntityManager } from 'typeorm';
import { Identity, isService } from '../../../../../shared/auth';
import { Department } from '../../../../../shared/departments';
import { ForbiddenError, InvalidInputError } from '../../../../../shared/errors';
import { parseIdNumber } from '../../../../../shared/id-number';
import { log } from '../../../../../shared/logging';
import { PUBLISHED_FACTS } from '../../../../../shared/partner-facts';
import type { PolicyService, PolicySnapshot } from '../policy/policy.service';
import type { PartnerFactsRepository } from './partner-facts.repository';
import type { PartnerClient } from './partner.client';
import type { DuePage, StandingRepository } from './standing.repository';
import { Decided, decideNow, decideStanding } from './standing.rules';

const BATCH = 500;

/**
 * 对象分级与走访计划, stored: each subject's tier and next due visit are decided from its record, its
 * urgent cases and the facts partner departments published, and stored with the facts they rest on.
 * Every write that can move them recomputes them in its own transaction; the sweep recomputes what
 * time alone changes (a birthday, an event window running out, an exit revisit period ending).
 */
export class StandingService {
  constructor(
    private readonly db: DataSource,
    private readonly repository: StandingRepository,
    private readonly facts: PartnerFactsRepository,
    private readonly policy: PolicyService,
  ) {}

  /**
   * Recomputes and stores the standing of these subjects. Inside a write's transaction (`within`),
   * the policy snapshot is the one the write took before it began: an embedded database has one
   * connection, which the transaction holds.
   */
  async recompute(
    subjectIds: readonly string[],
    within?: { tx: EntityManager; policy: PolicySnapshot },
    now = new Date(),
  ): Promise<void> {
    if (!subjectIds.length) return;
    const tx = within?.tx;
    const policy = within?.policy ?? (await this.policy.snapshot());
    for (let i = 0; i < subjectIds.length; i += BATCH) {
      const readAt = new Date();
      const inputs = await this.repository.inputs(subjectIds.slice(i, i + BATCH), tx);
      await this.facts.notePending(inputs, Object.keys(PUBLISHED_FACTS), tx ?? this.db.manager);
      await this.repository.save(
        inputs.map((input) => Object.assign(decideStanding(input, policy, now), { computedAt: readAt })),
        tx,
      );
    }
  }

  /** After a pack is assigned or published: everyone registered under the region, at once. */
  async invalidateUnder(regionPrefix: string): Promise<void> {
    await this.repository.markStale(regionPrefix);
    await this.sweep();
  }

  /** Recomputes the standings time has caught up with, and those never computed; returns how many. */
  async sweep(now = new Date(), includeMissing = false): Promise<number> {
    let total = 0;
    for (;;) {
      const ids = includeMissing
        ? [...(await this.repository.missing(BATCH)), ...(await this.repository.stale(now, BATCH))]
        : await this.repository.stale(now, BATCH);
      if (!ids.length) return total;
      await this.recompute(ids, undefined, now);
      total += ids.length;
      if (ids.length < BATCH) return total;
    }
  }

  /**
   * The background work: what time alone changed (the sweep) and the partners' facts not yet heard
   * of (the catch-up), every `intervalMs`, one pass at a time; returns how to stop it.
   */
  start(partners: PartnerClient, intervalMs: number): () => Promise<void> {
    let running: Promise<unknown> | undefined;
    let first = true;
    const pass = () => {
      // the first pass also computes standings of subjects registered before they existed
      const includeMissing = first;
      first = false;
      running ??= Promise.all([this.sweep(new Date(), includeMissing), this.catchUp(partners)])
        .catch((e) => log.error('standing pass failed', { error: String(e) }))
        .finally(() => (running = undefined));
    };
    pass();
    const timer = setInterval(pass, intervalMs);
    timer.unref();
    return async () => {
      clearInterval(timer);
      await running;
    };
  }

  /**
   * Newly registered people's facts, asked at once (at most `maxWaitMs`) when the registration's
   * answer shows their tier, so it is already certain when every partner can answer; otherwise the
   * background catch-up brings them (a bulk load that asks only for ids never waits on it).
   */
  async welcome(client: PartnerClient, idNumbers: string[], maxWaitMs = 500): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.catchUp(client, idNumbers).catch(() => 0),
      new Promise((resolve) => (timer = setTimeout(resolve, maxWaitMs))),
    ]);
    clearTimeout(timer);
  }

  /** `recordPartnerFacts`: one person's facts (a partner whose outbox still sends them one at a time). */
  async recordPartnerFacts(
    identity: Identity,
    department: Department,
    idNumber: string,
    facts: Record<string, unknown>,
    asOf: string,
  ): Promise<boolean> {
    const [outcome] = await this.recordPartnerFactsBatch(
      identity,
      department,
      [{ idNumber, facts, asOf }],
      '',
    );
    if (outcome instanceof InvalidInputError) throw outcome;
    return true;
  }

  /**
   * `recordPartnerFactsBatch`: what a partner department's outbox has due, in one call and one
   * transaction. An entry that is wrong (its ID number, its as-of time, a fact the department does
   * not publish) is refused alone — the others are stored — so that one bad message cannot hold back
   * the rest; the answer gives each entry's refusal, or its ID number (normalised) when it was
   * stored. A person's newer facts win over older ones, within the batch as across batches.
   */
  async recordPartnerFactsBatch(
    identity: Identity,
    department: Department,
    entries: Array<{ idNumber: string; facts: Record<string, unknown>; asOf: string }>,
    field = 'entries',
  ): Promise<Array<InvalidInputError | { idNumber: string }>> {
    // the policy opens this to partners' services; each may speak only for its own department
    if (!isService(identity, department))
      throw new ForbiddenError(`only ${department}'s service publishes ${department}'s facts`);
    if (entries.length > BATCH)
      throw new InvalidInputError(field || 'entries', `at most ${BATCH} entries in one call`);
    const allowed = PUBLISHED_FACTS[department] ?? [];
    const latest = new Map<string, { idNumber: string; facts: Record<string, unknown>; asOf: Date }>();
    const outcomes = entries.map((entry, i) => {
      const at = (name: string) => (field ? `${field}.${i}.${name}` : name);
      try {
        const { idNumber } = parseIdNumber(entry.idNumber, at('idNumber'));
        const asOf = new Date(entry.asOf);
        if (Number.isNaN(asOf.getTime()))
          throw new InvalidInputError(at('asOf'), 'must be an ISO date-time', 'DATE');
        const unknown = Object.keys(entry.facts).find((k) => !allowed.includes(k));
        if (unknown)
          throw new InvalidInputError(at(`facts.${unknown}`), `${department} does not publish ${unknown}`);
        const known = latest.get(idNumber);
        if (!known || known.asOf <= asOf) latest.set(idNumber, { idNumber, facts: entry.facts, asOf });
        return { idNumber };
      } catch (e) {
        if (e instanceof InvalidInputError) return e;
        throw e;
      }
    });
    if (latest.size) {
      const policy = await this.policy.snapshot();
      await this.db.transaction(async (tx) => {
        const changed = await this.facts.saveFacts(department, [...latest.values()], tx);
        await this.recompute(changed, { tx, policy });
      });
    }
    return outcomes;
  }

  /**
   * Background catch-up: asks each partner (service credential, never a user's read) about people it
   * has told civil affairs nothing of — registered before its record, or never recorded there — so
   * their facts become known (null: no record). Until then a tier that needs them is not certain.
   */
  async catchUp(client: PartnerClient, only?: string[], limit = BATCH): Promise<number> {
    // every department asked at once; what came back stored and recomputed in one transaction
    const answers = await Promise.all(
      (Object.keys(PUBLISHED_FACTS) as Department[]).map(async (department) => {
        const idNumbers = await this.facts.lackingFacts(department, limit, only);
        if (!idNumbers.length) return { department, facts: [] };
        try {
          return { department, facts: await client.facts(department, idNumbers) };
        } catch (e) {
          log.debug(`partner facts catch-up: ${department} not reachable; will retry`, { error: String(e) });
          return { department, facts: [] };
        }
      }),
    );
    const total = answers.reduce((n, a) => n + a.facts.length, 0);
    if (!total) return 0;
    const policy = await this.policy.snapshot();
    await this.db.transaction(async (tx) => {
      const changed = new Set<string>();
      for (const { department, facts } of answers) {
        const entries = facts.map((a) => ({ idNumber: a.idNumber, facts: a.facts, asOf: new Date(a.asOf) }));
        for (const id of await this.facts.saveFacts(department, entries, tx)) changed.add(id);
      }
      await this.recompute([...changed], { tx, policy });
    });
    return total;
  }

  /**
   * The tier of each subject now, from its record as stored (no partner is asked): what a visit
   * starts and ends with.
   */
  async decide(
    subjectIds: readonly string[],
    now = new Date(),
    tx?: EntityManager,
  ): Promise<Map<string, Decided>> {
    const [inputs, policy] = await Promise.all([
      this.repository.inputs(subjectIds, tx),
      this.policy.snapshot(),
    ]);
    return new Map(inputs.map((input) => [input.subject.id, decideNow(input, policy, now)]));
  }

  duePage(page: DuePage) {
    return this.repository.duePage(page);
  }

  countDueBefore(regionPrefix: string, before: Date) {
    return this.repository.countDueBefore(regionPrefix, before);
  }

  policySnapshot() {
    return this.policy.snapshot();
  }
}

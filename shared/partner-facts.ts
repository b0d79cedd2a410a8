/**
 * The few facts civil affairs' visiting rules read from a partner department (serious illness,
 * disability grade, difficult-worker level — never a diagnosis): each partner publishes them
 * through its outbox whenever its record changes, and answers civil affairs' background catch-up
 * (`partnerFacts`) for people it was never asked about. Civil affairs keeps them with their source
 * and as-of time, so tiers never wait on a partner at read time.
 */
import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, Directive, Query, Resolver } from 'type-graphql';
import type { EntityManager } from 'typeorm';
import { Identity, ServiceCredential } from './auth';
import { Department } from './departments';
import type { Outbox, OutboxMessage } from './outbox';
import type { Facts } from './policy/conditions';
import { callSubgraph } from './subgraph-client';

export const PARTNER_FACTS = 'PARTNER_FACTS';

/** facts each department publishes; null values mean "no record", a missing key "not known" */
export const PUBLISHED_FACTS: Partial<Record<Department, readonly string[]>> = {
  [Department.HEALTH]: ['majorIllness'],
  [Department.DISABILITY]: ['disabilityGrade'],
  [Department.TRADE_UNION]: ['unionMember', 'difficultWorkerLevel'],
};

export function publishedFacts(department: Department, facts: Facts): Record<string, unknown> {
  return Object.fromEntries(
    (PUBLISHED_FACTS[department] ?? []).map((name) => [name, facts[name] === undefined ? null : facts[name]]),
  );
}

export interface PartnerFactsMessage {
  department: Department;
  idNumber: string;
  facts: Record<string, unknown>;
  asOf: string;
}

/** Stores the facts message in the writer's transaction; delivered by `deliverPartnerFacts`. */
export async function publishFacts(
  outbox: Outbox,
  tx: EntityManager,
  department: Department,
  idNumber: string,
  facts: Facts,
  asOf = new Date(),
): Promise<void> {
  if (!PUBLISHED_FACTS[department]) return;
  const message: PartnerFactsMessage = {
    department,
    idNumber,
    facts: publishedFacts(department, facts),
    asOf: asOf.toISOString(),
  };
  await outbox.add(tx, PARTNER_FACTS, message);
}

export const RECORD_PARTNER_FACTS_BATCH = `mutation RecordPartnerFactsBatch($department: Department!, $entries: [PartnerFactsEntry!]!) {
  recordPartnerFactsBatch(department: $department, entries: $entries)
}`;

/**
 * Delivers PARTNER_FACTS messages (one department's, up to the outbox's pass) to civil affairs in one
 * call, with the department's service credential. Throws when civil affairs could not be asked;
 * else gives each message's refusal, or undefined when civil affairs stored it.
 */
export async function deliverPartnerFacts(
  messages: OutboxMessage[],
  registryUrl: string,
  timeoutMs: number,
  credential: ServiceCredential,
): Promise<Array<Error | undefined>> {
  const payloads = messages.map((m) => m.payload as PartnerFactsMessage);
  const { recordPartnerFactsBatch: refusals } = await callSubgraph<{
    recordPartnerFactsBatch: Array<string | null>;
  }>(
    Department.CIVIL_AFFAIRS,
    registryUrl,
    timeoutMs,
    RECORD_PARTNER_FACTS_BATCH,
    {
      department: payloads[0].department,
      entries: payloads.map(({ idNumber, facts, asOf }) => ({ idNumber, facts, asOf })),
    },
    await credential.authorization(),
  );
  return refusals.map((refusal) => (refusal ? new Error(`civil affairs refused: ${refusal}`) : undefined));
}

export interface PartnerFactsAnswer {
  idNumber: string;
  facts: Record<string, unknown>;
  asOf: string;
}

/**
 * `partnerFacts(idNumbers)`: civil affairs' background catch-up asks for people it holds no facts
 * of yet (registered before the partner had a record, or never recorded there). Internal: only
 * civil affairs' service credential opens it.
 */
export function createPartnerFactsResolver(
  department: Department,
  read: (ctx: any, idNumbers: string[]) => Promise<Facts[]>,
) {
  @Resolver()
  class PartnerFactsResolver {
    @Query(() => [GraphQLJSONObject], {
      description: 'published facts for civil affairs’ catch-up: { idNumber, facts, asOf } (internal)',
    })
    @Directive('@inaccessible')
    @Directive('@shareable')
    async partnerFacts(
      @Arg('idNumbers', () => [String]) idNumbers: string[],
      @Ctx() ctx: { identity: Identity },
    ): Promise<PartnerFactsAnswer[]> {
      const asOf = new Date().toISOString();
      const facts = await read(ctx, idNumbers.slice(0, 1000));
      return facts.map((f, i) => ({ idNumber: idNumbers[i], facts: publishedFacts(department, f), asOf }));
    }
  }
  return PartnerFactsResolver;
}

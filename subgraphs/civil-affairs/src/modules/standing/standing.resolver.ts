import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, Directive, Field, InputType, Mutation, Resolver } from 'type-graphql';
import { InvalidInputError } from '../../../../../shared/errors';
import { Department } from '../../../../../shared/graphql-types';
import type { SubgraphContext } from '../../../../../shared/subgraph';
import type { Services } from '../../services';

@InputType({ description: "one person's published facts in a partner's batch (internal)" })
@Directive('@inaccessible')
export class PartnerFactsEntry {
  @Field(() => String)
  idNumber!: string;

  @Field(() => GraphQLJSONObject)
  facts!: Record<string, unknown>;

  @Field(() => String, { description: 'ISO date-time the facts were true at' })
  asOf!: string;
}

/** What partner departments tell civil affairs through their outboxes (internal, service credentials only). */
@Resolver()
export class PartnerFactsResolver {
  constructor(private readonly services: Services) {}

  @Mutation(() => Boolean, {
    description: "a partner's published facts about a person, delivered from its outbox (internal)",
  })
  @Directive('@inaccessible')
  recordPartnerFacts(
    @Arg('department', () => Department) department: Department,
    @Arg('idNumber', () => String) idNumber: string,
    @Arg('facts', () => GraphQLJSONObject) facts: Record<string, unknown>,
    @Arg('asOf', () => String) asOf: string,
    @Ctx() ctx: SubgraphContext<unknown>,
  ): Promise<boolean> {
    return this.services.standing.recordPartnerFacts(ctx.identity, department, idNumber, facts, asOf);
  }

  @Mutation(() => [String], {
    nullable: 'items',
    description:
      "a partner's outbox delivers what it has due in one call (internal): for each entry in order, " +
      'null when stored, else why it was refused (the others are stored all the same)',
  })
  @Directive('@inaccessible')
  async recordPartnerFactsBatch(
    @Arg('department', () => Department) department: Department,
    @Arg('entries', () => [PartnerFactsEntry], { description: `at most 500` }) entries: PartnerFactsEntry[],
    @Ctx() ctx: SubgraphContext<unknown>,
  ): Promise<Array<string | null>> {
    const outcomes = await this.services.standing.recordPartnerFactsBatch(ctx.identity, department, entries);
    // the audit names each person whose facts were stored, as one delivery at a time did
    return outcomes.map((outcome) => {
      if (outcome instanceof InvalidInputError) return outcome.message;
      ctx.audit.subject(outcome.idNumber);
      return null;
    });
  }
}

import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, Directive, Mutation, Resolver } from 'type-graphql';
import { Department } from '../../../../../shared/graphql-types';
import type { SubgraphContext } from '../../../../../shared/subgraph';
import type { Services } from '../../services';

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
}

import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { SubgraphContext } from '../../../../../shared/subgraph';
import type { StandingLoaders } from '../standing/standing.loaders';
import type { Services } from '../../services';
import { Subject } from '../registry/subject.type';
import { SubjectInput } from './registration.input';

@Resolver(() => Subject)
export class RegistrationResolver {
  constructor(private readonly services: Services) {}

  @Mutation(() => Subject, { description: 'Registers a subject, or updates the one with the same ID number' })
  async registerSubject(
    @Arg('input', () => SubjectInput) input: SubjectInput,
    @Ctx() ctx: SubgraphContext<StandingLoaders>,
  ) {
    const subject = await this.services.registration.register(input, ctx.identity);
    // if the answer asks for the tier, the partners are asked for the newcomer's facts first
    ctx.loaders.newcomers.add(subject.idNumber);
    return subject;
  }

  @Mutation(() => Subject, {
    description:
      '迁移: moves a person registered in your region to another registered (and residence) region, with the reason (ADMIN)',
  })
  moveSubject(
    @Arg('idNumber', () => String) idNumber: string,
    @Arg('registeredRegionCode', () => String) registeredRegionCode: string,
    @Arg('residenceRegionCode', () => String, { nullable: true }) residenceRegionCode: string | null,
    @Arg('reason', () => String) reason: string,
    @Ctx() ctx: SubgraphContext<StandingLoaders>,
  ) {
    return this.services.registration.move(
      idNumber,
      registeredRegionCode,
      residenceRegionCode,
      reason,
      ctx.identity,
    );
  }
}

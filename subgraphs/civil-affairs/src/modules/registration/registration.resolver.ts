import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { SubgraphContext } from '../../../../../shared/subgraph';
import type { Services } from '../../services';
import { Subject } from '../registry/subject.type';
import { SubjectInput } from './registration.input';

@Resolver(() => Subject)
export class RegistrationResolver {
  constructor(private readonly services: Services) {}

  @Mutation(() => Subject, { description: 'Registers a subject, or updates the one with the same ID number' })
  registerSubject(
    @Arg('input', () => SubjectInput) input: SubjectInput,
    @Ctx() ctx: SubgraphContext<unknown>,
  ) {
    return this.services.registration.register(input, ctx.identity);
  }
}

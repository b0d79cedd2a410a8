import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../../../shared/subgraph';
import type { MedicalRecordEntity } from '../entities/medical-record.entity';
import type { Loaders } from '../loaders';
import type { Services } from '../services';
import { MedicalInput } from '../types/medical.input';
import { MedicalRecord } from '../types/medical.type';
import { Subject } from '../types/subject.type';

type Context = SubgraphContext<Loaders>;

@Resolver(() => Subject)
export class MedicalResolver {
  constructor(private readonly services: Services) {}

  @FieldResolver(() => MedicalRecord, {
    nullable: true,
    description: '医保 / 卫健: the medical record, if any',
  })
  medical(@Root() subject: Subject, @Ctx() ctx: Context) {
    return ctx.loaders.recordByIdNumber.load(subject.idNumber);
  }

  @Mutation(() => MedicalRecord)
  recordMedical(@Arg('input', () => MedicalInput) input: MedicalInput, @Ctx() ctx: Context) {
    return this.services.medical.record(input, ctx.identity);
  }
}

@Resolver(() => MedicalRecord)
export class MedicalRecordResolver {
  constructor(private readonly services: Services) {}

  @FieldResolver(() => String, { nullable: true })
  diagnosis(@Root() record: MedicalRecordEntity, @Ctx() ctx: Context) {
    return this.services.medical.diagnosis(record, ctx.identity);
  }
}

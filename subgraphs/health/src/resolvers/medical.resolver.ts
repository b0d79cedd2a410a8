import { Arg, Ctx, Directive, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { assertPartnerRecordShown } from '../../../../shared/partner-subject';
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
  @Directive('@requires(fields: "regionScope")')
  medical(@Root() subject: Subject, @Ctx() ctx: Context) {
    assertPartnerRecordShown(subject, ctx.identity);
    return ctx.loaders.recordByIdNumber.load(subject.idNumber);
  }

  @Mutation(() => MedicalRecord)
  recordMedical(@Arg('input', () => MedicalInput) input: MedicalInput, @Ctx() ctx: Context) {
    return this.services.medical.record(input, ctx.identity);
  }
}

@Resolver(() => MedicalRecord)
export class MedicalRecordResolver {
  // a diagnosis is health data: the masking guard shows it to health's record keepers only
  @FieldResolver(() => String, { nullable: true })
  diagnosis(@Root() record: MedicalRecordEntity) {
    return record.diagnosis;
  }
}

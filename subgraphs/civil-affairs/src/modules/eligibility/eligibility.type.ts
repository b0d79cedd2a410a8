import { Field, ID, ObjectType } from 'type-graphql';
import { Department } from '../../../../../shared/graphql-types';

@ObjectType({ description: '帮扶项目: a program owned by one department' })
export class Program {
  @Field(() => ID, { description: 'DEPARTMENT:program, e.g. DISABILITY:care-subsidy' })
  id: string;

  @Field(() => String)
  name: string;

  @Field(() => Department)
  department: Department;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'the policy the rule comes from' })
  source?: string | null;
}

@ObjectType({ description: 'Whether the subject may qualify for a program, with the reasons' })
export class Eligibility {
  @Field(() => Program)
  program: Program;

  @Field(() => Boolean, {
    nullable: true,
    description: 'null when a department could not supply a needed fact',
  })
  eligible: boolean | null;

  @Field(() => Boolean, { description: 'already receives it' })
  enrolled: boolean;

  @Field(() => [String], {
    description: 'met, unmet and undecidable requirements, and the rule’s source (Chinese)',
  })
  reasons: string[];
}

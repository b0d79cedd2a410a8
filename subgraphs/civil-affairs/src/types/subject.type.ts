import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { EmploymentStatus, MaritalStatus, RegistrationType, Sex, Situation } from './enums';

@ObjectType({ description: '对象: a person in hardship, known to every department by ID number' })
@Directive('@key(fields: "idNumber")')
export class Subject {
  @Field(() => ID)
  id: string;

  @Field(() => String, { description: '18-character resident ID number (GB 11643)' })
  idNumber: string;

  @Field(() => String)
  name: string;

  @Field(() => Sex, { description: 'from the ID number' })
  sex: Sex;

  @Field(() => String, { description: 'from the ID number (ISO date)' })
  birthDate: string;

  @Field(() => String, { nullable: true })
  phone: string | null;

  @Field(() => Boolean)
  livingAlone: boolean;

  @Field(() => Boolean, { description: '分散供养' })
  dispersedSupport: boolean;

  @Field(() => MaritalStatus, { nullable: true })
  maritalStatus: MaritalStatus | null;

  @Field(() => RegistrationType, { nullable: true })
  registrationType: RegistrationType | null;

  @Field(() => EmploymentStatus, { nullable: true })
  employment: EmploymentStatus | null;

  @Field(() => [Situation], { description: 'special situations the tier rules read' })
  situations: Situation[];

  @Field(() => Boolean, { description: 'an exited subject with a stable income (ends exit revisits)' })
  stableIncome: boolean;

  registeredRegionCode: string;
  residenceRegionCode: string;
  householdId: string | null;
}

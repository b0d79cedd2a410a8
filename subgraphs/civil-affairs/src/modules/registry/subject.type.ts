import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum Sex {
  MALE = 'MALE',
  FEMALE = 'FEMALE',
}

export enum MaritalStatus {
  UNMARRIED = 'UNMARRIED',
  MARRIED = 'MARRIED',
  DIVORCED = 'DIVORCED',
  WIDOWED = 'WIDOWED',
}

/** 户籍类型 */
export enum RegistrationType {
  URBAN = 'URBAN',
  RURAL = 'RURAL',
}

export enum EmploymentStatus {
  EMPLOYED = 'EMPLOYED',
  FLEXIBLE = 'FLEXIBLE',
  FARMING = 'FARMING',
  UNEMPLOYED = 'UNEMPLOYED',
  RETIRED = 'RETIRED',
  STUDENT = 'STUDENT',
  UNABLE_TO_WORK = 'UNABLE_TO_WORK',
}

/** 养老保险: the pension part of 基本社会保障 */
export enum PensionType {
  EMPLOYEE = 'EMPLOYEE',
  RESIDENT = 'RESIDENT',
  NONE = 'NONE',
}

/** Special situations the tier rules read. */
export enum Situation {
  ORPHAN_SCATTERED = 'ORPHAN_SCATTERED',
  CHILD_IN_DIFFICULTY = 'CHILD_IN_DIFFICULTY',
  LEFT_BEHIND_CHILD = 'LEFT_BEHIND_CHILD',
  LEFT_BEHIND_ELDERLY = 'LEFT_BEHIND_ELDERLY',
  MINOR_ALONE_OR_WITH_RELATIVES = 'MINOR_ALONE_OR_WITH_RELATIVES',
  LIVES_WITH_SEVERELY_DISABLED_CHILD = 'LIVES_WITH_SEVERELY_DISABLED_CHILD',
  NO_CHILDREN_IN_CITY = 'NO_CHILDREN_IN_CITY',
  SUDDEN_ACCIDENT_HOUSEHOLD = 'SUDDEN_ACCIDENT_HOUSEHOLD',
  DIFFICULT_WORKER = 'DIFFICULT_WORKER',
}

registerEnumType(Sex, { name: 'Sex' });
registerEnumType(MaritalStatus, { name: 'MaritalStatus' });
registerEnumType(RegistrationType, { name: 'RegistrationType', description: '户籍类型' });
registerEnumType(EmploymentStatus, { name: 'EmploymentStatus' });
registerEnumType(PensionType, {
  name: 'PensionType',
  description: '养老保险 (基本社会保障)',
  valuesConfig: {
    EMPLOYEE: { description: '职工养老保险' },
    RESIDENT: { description: '城乡居民养老保险' },
    NONE: { description: '未参加养老保险' },
  },
});
registerEnumType(Situation, {
  name: 'Situation',
  valuesConfig: {
    ORPHAN_SCATTERED: { description: '社会散居孤儿' },
    CHILD_IN_DIFFICULTY: { description: '困境儿童' },
    LEFT_BEHIND_CHILD: { description: '留守儿童' },
    LEFT_BEHIND_ELDERLY: { description: '留守老人' },
    MINOR_ALONE_OR_WITH_RELATIVES: { description: '独居或由亲戚代为监护的未成年人' },
    LIVES_WITH_SEVERELY_DISABLED_CHILD: { description: '与重度残疾子女共同居住的老年人' },
    NO_CHILDREN_IN_CITY: { description: '无子女或子女不在本市' },
    SUDDEN_ACCIDENT_HOUSEHOLD: { description: '突发重大事故家庭' },
    DIFFICULT_WORKER: { description: '困难职工' },
  },
});

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

  @Field(() => PensionType, { nullable: true, description: '养老保险 (基本社会保障)' })
  pension: PensionType | null;

  @Field(() => String, { nullable: true, description: '户籍地址 (contact data)' })
  registeredAddress: string | null;

  @Field(() => String, { nullable: true, description: '居住地址 (contact data)' })
  residenceAddress: string | null;

  @Field(() => String, { nullable: true, description: '家庭主要困难需求, written by the village advisor' })
  mainNeeds: string | null;

  @Field(() => String, { nullable: true, description: '处理方案, written by the village advisor' })
  handlingPlan: string | null;

  @Field(() => [Situation], { description: 'special situations the tier rules read' })
  situations: Situation[];

  @Field(() => Boolean, { description: 'an exited subject with a stable income (ends exit revisits)' })
  stableIncome: boolean;

  registeredRegionCode: string;
  residenceRegionCode: string;
  householdId: string | null;
}

import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Assistance } from '../registry/assistance.type';

/** 发现方式 (Qianjiang annex): on a visit, a department's data push, in the course of work (a window). */
export enum DiscoveryMethod {
  VISIT = 'VISIT',
  DATA_PUSH = 'DATA_PUSH',
  IN_WORK = 'IN_WORK',
}

/** Qingpu's four categories of discovered people (青民〔2024〕25号 一). */
export enum DiscoveryCategory {
  MAY_QUALIFY_NOT_APPLIED = 'MAY_QUALIFY_NOT_APPLIED',
  HARDSHIP_NOT_ELIGIBLE = 'HARDSHIP_NOT_ELIGIBLE',
  ASSISTED_NEEDS_MORE = 'ASSISTED_NEEDS_MORE',
  OTHER_ATTENTION = 'OTHER_ATTENTION',
}

/** 疑似救助类型 (Qianjiang annex). */
export enum SuspectedAssistance {
  DIBAO = 'DIBAO',
  TEKUN = 'TEKUN',
  TEMPORARY = 'TEMPORARY',
  MEDICAL = 'MEDICAL',
  EDUCATION = 'EDUCATION',
  HOUSING = 'HOUSING',
  EMPLOYMENT = 'EMPLOYMENT',
  DISASTER = 'DISASTER',
}

export enum DiscoveryStatus {
  OPEN = 'OPEN',
  INVESTIGATING = 'INVESTIGATING',
  CLOSED = 'CLOSED',
}

export enum DiscoveryDecision {
  INCLUDED = 'INCLUDED',
  NOT_ELIGIBLE = 'NOT_ELIGIBLE',
}

registerEnumType(DiscoveryMethod, { name: 'DiscoveryMethod' });
registerEnumType(DiscoveryCategory, {
  name: 'DiscoveryCategory',
  valuesConfig: {
    MAY_QUALIFY_NOT_APPLIED: { description: '可能符合社会救助政策但尚未申请' },
    HARDSHIP_NOT_ELIGIBLE: { description: '经济困难但不符合政策' },
    ASSISTED_NEEDS_MORE: { description: '已受救助仍需额外支持' },
    OTHER_ATTENTION: { description: '其他需进一步关注群体' },
  },
});
registerEnumType(SuspectedAssistance, {
  name: 'SuspectedAssistance',
  valuesConfig: {
    DIBAO: { description: '城乡低保' },
    TEKUN: { description: '特困供养' },
    TEMPORARY: { description: '临时救助' },
    MEDICAL: { description: '医疗救助' },
    EDUCATION: { description: '教育救助' },
    HOUSING: { description: '住房救助' },
    EMPLOYMENT: { description: '就业救助' },
    DISASTER: { description: '受灾人员救助' },
  },
});
registerEnumType(DiscoveryStatus, { name: 'DiscoveryStatus' });
registerEnumType(DiscoveryDecision, {
  name: 'DiscoveryDecision',
  description: 'INCLUDED 纳入救助 · NOT_ELIGIBLE 不符合条件 (observation list)',
});

@ObjectType({ description: "The township's investigation (三个不放过: seen, clear, proposal)" })
export class Investigation {
  @Field(() => String, { nullable: true })
  coordinator: string | null;

  @Field(() => Boolean)
  personSeen: boolean;

  @Field(() => Boolean)
  situationClear: boolean;

  @Field(() => String, { nullable: true })
  proposal: string | null;

  @Field(() => String, { nullable: true })
  findings: string | null;

  @Field(() => String, { nullable: true })
  investigatedAt: string | null;
}

@ObjectType()
export class DiscoveryOutcome {
  @Field(() => DiscoveryDecision)
  decision: DiscoveryDecision;

  @Field(() => String, { nullable: true })
  reason: string | null;

  @Field(() => String)
  decidedAt: string;

  @Field(() => String, { nullable: true, description: 'date included in assistance' })
  includedOn: string | null;

  @Field(() => String, { nullable: true, description: 'observation list: when to look again' })
  reviewOn: string | null;

  @Field(() => [Assistance], {
    description: 'INCLUDED: the assistance granted; the subject’s statuses gained it, dated',
  })
  granted: Assistance[];

  @Field(() => ID, { nullable: true, description: 'INCLUDED: or the referral made (转介其他部门给予救助)' })
  referralId: string | null;
}

@ObjectType({ description: '主动发现线索: a lead, with the investigation and its outcome' })
export class Discovery {
  @Field(() => ID)
  id: string;

  @Field(() => DiscoveryMethod)
  method: DiscoveryMethod;

  @Field(() => DiscoveryCategory)
  category: DiscoveryCategory;

  @Field(() => DiscoveryStatus)
  status: DiscoveryStatus;

  @Field(() => [SuspectedAssistance])
  suspectedAssistance: SuspectedAssistance[];

  @Field(() => String, { nullable: true })
  householdSituation: string | null;

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field(() => String)
  foundBy: string;

  @Field(() => String)
  foundByDepartment: string;

  @Field(() => String)
  townshipCode: string;

  @Field(() => String, {
    nullable: true,
    description: 'the name given for a person not registered when the lead was filed',
  })
  personName: string | null;

  subjectId: string | null;
  foundAt: Date;
}

@ObjectType({ description: 'A village with fewer coordinators than its pack asks' })
export class CoordinatorGap {
  @Field(() => String)
  villageCode: string;

  @Field(() => String)
  villageName: string;

  @Field(() => Int)
  coordinators: number;

  @Field(() => Int)
  required: number;

  @Field(() => String)
  source: string;
}

@ObjectType({ description: '协理员 / 社区救助顾问' })
export class Coordinator {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  villageCode: string;

  @Field(() => String)
  name: string;
}

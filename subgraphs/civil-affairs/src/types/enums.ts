import { registerEnumType } from 'type-graphql';
import { RegionLevel } from '../../../../shared/regions';

/** 保障类别 */
export enum AssistanceCategory {
  DIBAO = 'DIBAO',
  DIBIAN = 'DIBIAN',
  TEKUN = 'TEKUN',
  LOW_INCOME = 'LOW_INCOME',
  EXPENDITURE = 'EXPENDITURE',
  TEMPORARY = 'TEMPORARY',
  SEVERE_DISABILITY_UNEMPLOYED = 'SEVERE_DISABILITY_UNEMPLOYED',
}

export enum AssistanceStatus {
  ACTIVE = 'ACTIVE',
  ENDED = 'ENDED',
}

export enum Sex {
  MALE = 'MALE',
  FEMALE = 'FEMALE',
}

/** 对象分级: computed by the region's policy pack. */
export enum Tier {
  HIGH_RISK = 'HIGH_RISK',
  KEY = 'KEY',
  GENERAL = 'GENERAL',
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

registerEnumType(AssistanceCategory, {
  name: 'AssistanceCategory',
  description: '保障类别',
  valuesConfig: {
    DIBAO: { description: '城乡低保 minimum living guarantee' },
    DIBIAN: { description: '低保边缘 marginal' },
    TEKUN: { description: '特困供养 extreme-poverty support' },
    LOW_INCOME: { description: '低收入' },
    EXPENDITURE: { description: '支出型困难 hardship caused by spending' },
    TEMPORARY: { description: '临时救助' },
    SEVERE_DISABILITY_UNEMPLOYED: { description: '重残无业' },
  },
});
registerEnumType(AssistanceStatus, { name: 'AssistanceStatus' });
registerEnumType(Sex, { name: 'Sex' });
registerEnumType(Tier, { name: 'Tier', description: '对象分级 for visiting: high-risk / key / general' });
registerEnumType(MaritalStatus, { name: 'MaritalStatus' });
registerEnumType(RegistrationType, { name: 'RegistrationType', description: '户籍类型' });
registerEnumType(EmploymentStatus, { name: 'EmploymentStatus' });
registerEnumType(RegionLevel, { name: 'RegionLevel' });

export { RegionLevel };

export enum VisitMode {
  HOME = 'HOME',
  PHONE = 'PHONE',
}

export enum FindingStatus {
  OK = 'OK',
  CONCERN = 'CONCERN',
  URGENT = 'URGENT',
}

/** What changed since the last visit (Fuzhou: report within 2 working days, plan within 3). */
export enum ChangeKind {
  HOUSEHOLD = 'HOUSEHOLD',
  INCOME = 'INCOME',
  PROPERTY = 'PROPERTY',
  HEALTH = 'HEALTH',
  LIVING_CONDITIONS = 'LIVING_CONDITIONS',
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

export enum UrgentCaseKind {
  FIRE = 'FIRE',
  TRAFFIC_ACCIDENT = 'TRAFFIC_ACCIDENT',
  SUDDEN_ILLNESS = 'SUDDEN_ILLNESS',
  DISASTER = 'DISASTER',
  OTHER = 'OTHER',
}

registerEnumType(VisitMode, { name: 'VisitMode', description: 'HOME 上门 · PHONE 电话' });
registerEnumType(FindingStatus, { name: 'FindingStatus' });
registerEnumType(ChangeKind, { name: 'ChangeKind' });
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
registerEnumType(UrgentCaseKind, {
  name: 'UrgentCaseKind',
  description: '急难: fire, traffic accident, sudden serious illness, disaster, other',
});

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

export enum WarningStatus {
  ACTIVE = 'ACTIVE',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  RESOLVED = 'RESOLVED',
}

registerEnumType(WarningStatus, { name: 'WarningStatus' });

export enum ReferralStatus {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
  COMPLETED = 'COMPLETED',
  WITHDRAWN = 'WITHDRAWN',
}

registerEnumType(ReferralStatus, { name: 'ReferralStatus' });

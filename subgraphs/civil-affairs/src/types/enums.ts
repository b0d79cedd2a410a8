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

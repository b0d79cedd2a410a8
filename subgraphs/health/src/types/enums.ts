import { registerEnumType } from 'type-graphql';

/** 参保类型 */
export enum InsuranceType {
  EMPLOYEE = 'EMPLOYEE',
  RESIDENT = 'RESIDENT',
  NONE = 'NONE',
}

registerEnumType(InsuranceType, {
  name: 'InsuranceType',
  description: '参保类型',
  valuesConfig: {
    EMPLOYEE: { description: '职工医保' },
    RESIDENT: { description: '城乡居民医保' },
    NONE: { description: '未参保' },
  },
});

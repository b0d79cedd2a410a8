import { registerEnumType } from 'type-graphql';

/** 困难职工类别 */
export enum DifficultyLevel {
  DEEP = 'DEEP',
  RELATIVE = 'RELATIVE',
  ACCIDENT = 'ACCIDENT',
}

registerEnumType(DifficultyLevel, {
  name: 'DifficultyLevel',
  description: '困难职工类别',
  valuesConfig: {
    DEEP: { description: '深度困难' },
    RELATIVE: { description: '相对困难' },
    ACCIDENT: { description: '意外致困' },
  },
});

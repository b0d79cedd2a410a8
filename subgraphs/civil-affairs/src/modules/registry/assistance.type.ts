import { Field, ObjectType, registerEnumType } from 'type-graphql';

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

@ObjectType({ description: 'One admission to an assistance category; ended ones stay as history' })
export class Assistance {
  @Field(() => AssistanceCategory)
  category: AssistanceCategory;

  @Field(() => AssistanceStatus)
  status: AssistanceStatus;

  @Field(() => String, { description: 'admission date (ISO)' })
  since: string;

  @Field(() => String, { nullable: true, description: 'termination date (ISO)' })
  until: string | null;
}

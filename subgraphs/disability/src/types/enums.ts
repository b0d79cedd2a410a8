import { registerEnumType } from 'type-graphql';

/** 残疾类别, in the order of the certificate number's category digit (1 视力 … 7 多重). */
export enum DisabilityCategory {
  VISUAL = 'VISUAL',
  HEARING = 'HEARING',
  SPEECH = 'SPEECH',
  PHYSICAL = 'PHYSICAL',
  INTELLECTUAL = 'INTELLECTUAL',
  MENTAL = 'MENTAL',
  MULTIPLE = 'MULTIPLE',
}

export const CATEGORY_DIGIT: Record<DisabilityCategory, string> = {
  VISUAL: '1',
  HEARING: '2',
  SPEECH: '3',
  PHYSICAL: '4',
  INTELLECTUAL: '5',
  MENTAL: '6',
  MULTIPLE: '7',
};

registerEnumType(DisabilityCategory, {
  name: 'DisabilityCategory',
  description: '残疾类别',
  valuesConfig: {
    VISUAL: { description: '视力残疾' },
    HEARING: { description: '听力残疾' },
    SPEECH: { description: '言语残疾' },
    PHYSICAL: { description: '肢体残疾' },
    INTELLECTUAL: { description: '智力残疾' },
    MENTAL: { description: '精神残疾' },
    MULTIPLE: { description: '多重残疾' },
  },
});

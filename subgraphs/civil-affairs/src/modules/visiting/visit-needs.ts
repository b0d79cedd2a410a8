/**
 * What a need found on a visit suggests (瑞救办〔2021〕5号 二(三): 转介链接救助服务; 青民〔2024〕25号 四):
 * the department or outside agency to refer to, and the assistance a discovery would suspect. A
 * vocabulary of the platform, the same in every region; the programs themselves are each
 * department's, and the outside agencies are the region's external program list.
 */
export interface NeedSuggestion {
  need: string;
  label: string;
  /** a partner department whose programs may help (refer with one of its program ids) */
  department: 'DISABILITY' | 'TRADE_UNION' | 'HEALTH' | 'CHARITY' | null;
  /** an outside agency's area on the region's external program list */
  externalArea:
    'INDUSTRY_HELP' | 'ELDERLY_CARE' | 'CHILD_PROTECTION' | 'HOUSING' | 'EMPLOYMENT' | 'EDUCATION' | null;
  /** what a discovery filed from this need suspects (civil affairs' own assistance) */
  suspectedAssistance: string[];
}

const NEEDS: Record<string, Omit<NeedSuggestion, 'need'>> = {
  LIVING: {
    label: '基本生活困难',
    department: null,
    externalArea: null,
    suspectedAssistance: ['DIBAO', 'TEMPORARY'],
  },
  MEDICAL: { label: '医疗', department: 'HEALTH', externalArea: null, suspectedAssistance: ['MEDICAL'] },
  DISABILITY: { label: '涉残救助', department: 'DISABILITY', externalArea: null, suspectedAssistance: [] },
  WORKER: { label: '困难职工帮扶', department: 'TRADE_UNION', externalArea: null, suspectedAssistance: [] },
  CHARITY: { label: '人道、慈善救助', department: 'CHARITY', externalArea: null, suspectedAssistance: [] },
  CARE: {
    label: '养老服务（失能、半失能老人）',
    department: null,
    externalArea: 'ELDERLY_CARE',
    suspectedAssistance: [],
  },
  CHILD: {
    label: '儿童关爱保护（孤儿、困境儿童）',
    department: null,
    externalArea: 'CHILD_PROTECTION',
    suspectedAssistance: [],
  },
  INDUSTRY: {
    label: '产业帮扶（扶贫、乡村振兴）',
    department: null,
    externalArea: 'INDUSTRY_HELP',
    suspectedAssistance: [],
  },
  HOUSING: { label: '住房', department: null, externalArea: 'HOUSING', suspectedAssistance: ['HOUSING'] },
  EMPLOYMENT: {
    label: '就业',
    department: null,
    externalArea: 'EMPLOYMENT',
    suspectedAssistance: ['EMPLOYMENT'],
  },
  EDUCATION: {
    label: '教育',
    department: null,
    externalArea: 'EDUCATION',
    suspectedAssistance: ['EDUCATION'],
  },
};

/** What each of a visit's needs suggests; a need code the vocabulary does not know suggests nothing. */
export function suggestionsFor(needs: readonly string[]): NeedSuggestion[] {
  return needs.filter((n) => n in NEEDS).map((need) => ({ need, ...NEEDS[need] }));
}

/** The assistance a discovery from these needs suspects (empty: nothing for civil affairs to decide). */
export function suspectedFrom(needs: readonly string[]): string[] {
  return [...new Set(suggestionsFor(needs).flatMap((s) => s.suspectedAssistance))];
}

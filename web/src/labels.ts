/** The API's codes as window staff and leaders read them (zh-CN). A code without a label shows as itself. */
export const DEPARTMENTS = ['CIVIL_AFFAIRS', 'DISABILITY', 'TRADE_UNION', 'HEALTH', 'CHARITY'] as const;

export const DEPARTMENT_NAMES: Record<string, string> = {
  CIVIL_AFFAIRS: '民政',
  DISABILITY: '残联',
  TRADE_UNION: '总工会',
  HEALTH: '医保 / 卫健',
  CHARITY: '慈善 / 红会',
};

export const ROLE_NAMES: Record<string, string> = {
  ADMIN: '管理员',
  STAFF: '工作人员',
  VISITOR: '走访人员',
  WINDOW: '窗口',
  DASHBOARD: '领导看板',
};

export const TIER_NAMES: Record<string, string> = { HIGH_RISK: '高风险', KEY: '重点', GENERAL: '一般' };

export const SEX_NAMES: Record<string, string> = { MALE: '男', FEMALE: '女' };

export const ASSISTANCE_NAMES: Record<string, string> = {
  DIBAO: '低保',
  DIBIAN: '低保边缘',
  TEKUN: '特困供养',
  LOW_INCOME: '低收入',
  EXPENDITURE: '支出型困难',
  TEMPORARY: '临时救助',
  SEVERE_DISABILITY_UNEMPLOYED: '重残无业',
};

export const ASSISTANCE_STATUS_NAMES: Record<string, string> = { ACTIVE: '在保', ENDED: '已退出' };

export const INSURANCE_NAMES: Record<string, string> = {
  EMPLOYEE: '职工医保',
  RESIDENT: '城乡居民医保',
  NONE: '未参保',
};

export const DISABILITY_NAMES: Record<string, string> = {
  VISUAL: '视力',
  HEARING: '听力',
  SPEECH: '言语',
  PHYSICAL: '肢体',
  INTELLECTUAL: '智力',
  MENTAL: '精神',
  MULTIPLE: '多重',
};

export const DIFFICULTY_NAMES: Record<string, string> = {
  DEEP: '深度困难',
  RELATIVE: '相对困难',
  ACCIDENT: '意外致困',
};

export const MATCH_STATUS_NAMES: Record<string, string> = {
  PROPOSED: '已推荐',
  ACTIVE: '进行中',
  CLOSED: '已结束',
};

export const REFERRAL_STATUS_NAMES: Record<string, string> = {
  PENDING: '待受理',
  ACCEPTED: '已受理',
  REJECTED: '已退回',
  COMPLETED: '已办结',
  WITHDRAWN: '已撤回',
};

export const DISCOVERY_STATUS_NAMES: Record<string, string> = {
  OPEN: '待核查',
  INVESTIGATING: '核查中',
  CLOSED: '已结案',
};

export const DISCOVERY_METHOD_NAMES: Record<string, string> = {
  VISIT: '走访发现',
  DATA_PUSH: '数据推送',
  IN_WORK: '工作中发现',
};

/** Qianjiang 2022 annex: the four kinds of people a discovery is about */
export const DISCOVERY_CATEGORY_NAMES: Record<string, string> = {
  MAY_QUALIFY_NOT_APPLIED: '可能符合条件但未申请',
  HARDSHIP_NOT_ELIGIBLE: '生活困难但不符合条件',
  ASSISTED_NEEDS_MORE: '已获救助仍有困难',
  OTHER_ATTENTION: '其他需关注',
};

export const SUSPECTED_ASSISTANCE_NAMES: Record<string, string> = {
  DIBAO: '低保',
  TEKUN: '特困',
  TEMPORARY: '临时救助',
  MEDICAL: '医疗救助',
  EDUCATION: '教育救助',
  HOUSING: '住房救助',
  EMPLOYMENT: '就业救助',
  DISASTER: '受灾救助',
};

export const URGENT_KIND_NAMES: Record<string, string> = {
  FIRE: '火灾',
  TRAFFIC_ACCIDENT: '交通事故',
  SUDDEN_ILLNESS: '突发疾病',
  DISASTER: '自然灾害',
  OTHER: '其他急难',
};

/** why a field came back empty (`extensions.withheld[].reason`, shared/sensitive-fields.ts) */
export const WITHHELD_NAMES: Record<string, string> = {
  NO_CONSENT: '本人未签署经济数据共享授权，其他部门不可见',
  ID_NUMBER_MASKED: '完整号码仅对记录所属部门和经办转介的部门显示',
  CONTACT_NOT_SHARED: '联系方式仅对经办转介的人员显示',
  DIAGNOSIS_HEALTH_ONLY: '诊断仅医保 / 卫健部门可见',
  NOT_SHOWN: '按数据共享规则不显示',
};

export const label = (names: Record<string, string>, code: string | null | undefined): string =>
  code === null || code === undefined ? '—' : (names[code] ?? code);

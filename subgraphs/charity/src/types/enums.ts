import { registerEnumType } from 'type-graphql';

/** 慈善资源类别 */
export enum ResourceKind {
  ENTERPRISE = 'ENTERPRISE',
  SOCIAL_ORGANIZATION = 'SOCIAL_ORGANIZATION',
  VOLUNTEER = 'VOLUNTEER',
  CHARITY_PROJECT = 'CHARITY_PROJECT',
  COMMUNITY_FOUNDATION = 'COMMUNITY_FOUNDATION',
}

/** A match is open while PROPOSED or ACTIVE. */
export enum MatchStatus {
  PROPOSED = 'PROPOSED',
  ACTIVE = 'ACTIVE',
  CLOSED = 'CLOSED',
}

registerEnumType(ResourceKind, {
  name: 'ResourceKind',
  description: '慈善资源类别',
  valuesConfig: {
    ENTERPRISE: { description: '爱心企业' },
    SOCIAL_ORGANIZATION: { description: '社会组织' },
    VOLUNTEER: { description: '志愿者' },
    CHARITY_PROJECT: { description: '慈善项目' },
    COMMUNITY_FOUNDATION: { description: '社区基金' },
  },
});

registerEnumType(MatchStatus, {
  name: 'MatchStatus',
  description: '匹配状态',
  valuesConfig: {
    PROPOSED: { description: '拟匹配' },
    ACTIVE: { description: '帮扶中' },
    CLOSED: { description: '已结束' },
  },
});

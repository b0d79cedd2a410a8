import { Role, signToken } from '../../../../shared/auth';
import { Department } from '../../../../shared/departments';
import type { OutboxMessage } from '../../../../shared/outbox';
import type { SubgraphConfig } from '../../../../shared/subgraph';
import { callSubgraph } from '../../../../shared/subgraph-client';
import { HEALTH_CHANGE } from './medical.service';

/**
 * Delivers health's messages to civil affairs: a 因病支出型 warning as a DATA_PUSH discovery (the outbox
 * message id is its source key, so a retried delivery files it once), and a new major illness for
 * the region's early warnings.
 */
export function deliverDataPush(config: SubgraphConfig) {
  return async (message: OutboxMessage) => {
    const token = await signToken(
      { user: 'health-data-push', department: Department.HEALTH, role: Role.ADMIN, region: null },
      config,
      '5m',
    );
    if (message.kind === HEALTH_CHANGE) {
      await callSubgraph(
        Department.CIVIL_AFFAIRS,
        config.registryUrl,
        config.registryTimeoutMs,
        `mutation HealthChange($id: String!, $ill: Boolean!, $key: String) {
           reportHealthChange(idNumber: $id, majorIllness: $ill, key: $key) { id }
         }`,
        { id: message.payload.idNumber, ill: message.payload.majorIllness, key: `health:${message.id}` },
        `Bearer ${token}`,
      );
      return;
    }
    const { idNumber, outOfPocket, line } = message.payload;
    await callSubgraph(
      Department.CIVIL_AFFAIRS,
      config.registryUrl,
      config.registryTimeoutMs,
      `mutation DataPush($input: DiscoveryInput!) { fileDiscovery(input: $input) { id } }`,
      {
        input: {
          idNumber,
          method: 'DATA_PUSH',
          category: 'MAY_QUALIFY_NOT_APPLIED',
          suspectedAssistance: ['MEDICAL', 'TEMPORARY'],
          householdSituation: `近12个月个人自付医疗费用 ${outOfPocket} 元，超过预警线 ${line} 元（因病支出型困难预警）`,
          sourceKey: `health:${message.id}`,
        },
      },
      `Bearer ${token}`,
    );
  };
}

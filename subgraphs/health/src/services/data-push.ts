import { Department } from '../../../../shared/departments';
import type { OutboxMessage } from '../../../../shared/outbox';
import type { PartnerKit } from '../../../../shared/partner-subgraph';
import { callSubgraph } from '../../../../shared/subgraph-client';
import { HEALTH_CHANGE } from './medical.service';

/**
 * Delivers health's messages to civil affairs: a 因病支出型 warning as a DATA_PUSH discovery (the outbox
 * message id is its source key, so a retried delivery files it once), and a new major illness for
 * the region's early warnings.
 */
export async function deliverDataPush(message: OutboxMessage, { config, credential }: PartnerKit) {
  const authorization = await credential.authorization();
  if (message.kind === HEALTH_CHANGE) {
    await callSubgraph(
      Department.CIVIL_AFFAIRS,
      config.registryUrl,
      config.registryTimeoutMs,
      `mutation HealthChange($id: String!, $ill: Boolean!, $key: String) {
           reportHealthChange(idNumber: $id, majorIllness: $ill, key: $key) { id }
         }`,
      { id: message.payload.idNumber, ill: message.payload.majorIllness, key: `health:${message.id}` },
      authorization,
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
    authorization,
  );
}

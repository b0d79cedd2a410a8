import type { ServiceCredential } from '../../../../../shared/auth';
import { Department } from '../../../../../shared/departments';
import type { OutboxMessage } from '../../../../../shared/outbox';
import { callSubgraph } from '../../../../../shared/subgraph-client';

export const ENROLL = 'PARTNER_ENROLLMENT';

/**
 * Tells a partner department that a referral to one of its programs was completed, so its own
 * records show the person as enrolled. Delivered from civil affairs' outbox; the partner records
 * each enrolment once, however often a delivery is retried.
 */
export function deliverEnrollment(
  urls: Record<Department, string>,
  timeoutMs: number,
  credential: ServiceCredential,
) {
  return async (message: OutboxMessage) => {
    const { department, idNumber, programId, since } = message.payload as {
      department: Department;
      idNumber: string;
      programId: string;
      since: string;
    };
    await callSubgraph(
      department,
      urls[department],
      timeoutMs,
      `mutation Enroll($id: String!, $program: String!, $since: String!) {
         recordProgramEnrollment(idNumber: $id, programId: $program, since: $since)
       }`,
      { id: idNumber, program: programId, since },
      await credential.authorization(),
    );
  };
}

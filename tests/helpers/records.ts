/**
 * A person known to civil affairs, the disability federation and health — grade-2 physical
 * certificate and a serious illness with its diagnosis — as the audit and access-log tests set up.
 */
import { Role } from '../../shared/auth';
import { Department } from '../../shared/departments';
import type { SubjectInputData } from '../fixtures/factories';
import type { TestSystem } from './system';

export async function registerWithRecords(
  system: TestSystem,
  person: SubjectInputData,
  as: { role?: Role; region?: string | null } = { role: Role.STAFF, region: '330381' },
): Promise<void> {
  await system.write(Department.CIVIL_AFFAIRS, 'registerSubject', 'SubjectInput', person, as);
  await system.write(
    Department.DISABILITY,
    'recordDisability',
    'DisabilityInput',
    { idNumber: person.idNumber, certificateNumber: `${person.idNumber}42`, category: 'PHYSICAL', grade: 2 },
    as,
  );
  await system.write(
    Department.HEALTH,
    'recordMedical',
    'MedicalInput',
    {
      idNumber: person.idNumber,
      insuranceType: 'RESIDENT',
      majorIllness: true,
      diagnosis: '肺癌',
      outOfPocketLast12Months: 23000,
    },
    as,
  );
}

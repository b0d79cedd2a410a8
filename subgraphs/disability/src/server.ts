import { ProgramEnrollmentEntity, ProgramEnrollments1764000000900 } from '../../../shared/partner-programs';
import { Department } from '../../../shared/departments';
import { defineSubgraph, registryClient } from '../../../shared/subgraph';
import { DisabilityCertificateEntity } from './entities/disability-certificate.entity';
import { createLoaders } from './loaders';
import { DisabilityCertificates1764000000100 } from './migrations/1764000000100-disability-certificates';
import { buildSchema } from './schema';
import { createServices } from './services';

/** 残联: disability certificates, added to Subject as `disability`. */
export const disability = defineSubgraph({
  department: Department.DISABILITY,
  entities: [ProgramEnrollmentEntity, DisabilityCertificateEntity],
  migrations: [DisabilityCertificates1764000000100, ProgramEnrollments1764000000900],
  createServices: (db, config) => createServices(db, registryClient(config)),
  buildSchema,
  createLoaders,
});

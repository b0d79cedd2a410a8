import { Department } from '../../../shared/departments';
import { definePartnerSubgraph } from '../../../shared/partner-subgraph';
import { DisabilityCertificateEntity } from './entities/disability-certificate.entity';
import { createLoaders } from './loaders';
import { DisabilityCertificates1764000000100 } from './migrations/1764000000100-disability-certificates';
import { resolvers } from './schema';
import { certificateFacts, createServices } from './services';
import { Subject } from './types/subject.type';

/** 残联: disability certificates, added to Subject as `disability`. */
export const disability = definePartnerSubgraph({
  department: Department.DISABILITY,
  entities: [DisabilityCertificateEntity],
  migrations: [DisabilityCertificates1764000000100],
  subject: Subject,
  createServices,
  resolvers,
  createLoaders,
  facts: async (loaders, idNumber) => certificateFacts(await loaders.certificateByIdNumber.load(idNumber)),
});

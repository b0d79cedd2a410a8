import { Department } from '../../../shared/departments';
import { definePartnerSubgraph } from '../../../shared/partner-subgraph';
import { MedicalRecordEntity } from './entities/medical-record.entity';
import { createLoaders } from './loaders';
import { MedicalRecords1764000000300 } from './migrations/1764000000300-medical-records';
import { resolvers } from './schema';
import { createServices } from './services';
import { deliverDataPush } from './services/data-push';
import { DATA_PUSH, HEALTH_CHANGE, medicalFacts } from './services/medical.service';
import { Subject } from './types/subject.type';

/** 医保 / 卫健: insurance, major illness and out-of-pocket spending, added to Subject as `medical`. */
export const health = definePartnerSubgraph({
  department: Department.HEALTH,
  entities: [MedicalRecordEntity],
  migrations: [MedicalRecords1764000000300],
  subject: Subject,
  createServices,
  resolvers,
  createLoaders,
  facts: async (loaders, idNumber) => medicalFacts(await loaders.recordByIdNumber.load(idNumber)),
  deliver: { [DATA_PUSH]: deliverDataPush, [HEALTH_CHANGE]: deliverDataPush },
});

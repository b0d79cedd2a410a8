import { Outbox1764000000910 } from '../../../shared/outbox';
import { ProgramEnrollmentEntity, ProgramEnrollments1764000000900 } from '../../../shared/partner-programs';
import { Department } from '../../../shared/departments';
import { defineSubgraph } from '../../../shared/subgraph';
import { MedicalRecordEntity } from './entities/medical-record.entity';
import { createLoaders } from './loaders';
import { MedicalRecords1764000000300 } from './migrations/1764000000300-medical-records';
import { buildSchema } from './schema';
import { createServices } from './services';

/** 医保 / 卫健: insurance, major illness and out-of-pocket spending, added to Subject as `medical`. */
export const health = defineSubgraph({
  department: Department.HEALTH,
  entities: [ProgramEnrollmentEntity, MedicalRecordEntity],
  migrations: [MedicalRecords1764000000300, ProgramEnrollments1764000000900, Outbox1764000000910],
  createServices: (db, config) => createServices(db, config),
  background: (services, config) => services.outbox.start(config.outboxIntervalMs),
  buildSchema,
  createLoaders,
});

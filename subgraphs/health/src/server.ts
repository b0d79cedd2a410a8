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

const INSURANCE_LABELS: Record<string, string> = {
  EMPLOYEE: '职工医保',
  RESIDENT: '城乡居民医保',
  NONE: '未参加医保',
};

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
  // 基本社会保障's medical insurance and the health column of Hangtou's table
  reportColumns: async (loaders, ids) => {
    const records = await loaders.recordByIdNumber.loadMany(ids);
    return Object.fromEntries(
      ids.map((id, i) => {
        const r = records[i];
        if (!r || r instanceof Error) return [id, { insurance: null, majorIllness: null }];
        return [
          id,
          {
            insurance: INSURANCE_LABELS[r.insuranceType] ?? null,
            majorIllness: r.majorIllness ? '大重病' : '',
          },
        ];
      }),
    );
  },
  deliver: { [DATA_PUSH]: deliverDataPush, [HEALTH_CHANGE]: deliverDataPush },
});

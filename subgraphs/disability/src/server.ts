import { Department } from '../../../shared/departments';
import { definePartnerSubgraph } from '../../../shared/partner-subgraph';
import { DisabilityCertificateEntity } from './entities/disability-certificate.entity';
import { createLoaders } from './loaders';
import { DisabilityCertificates1764000000100 } from './migrations/1764000000100-disability-certificates';
import { resolvers } from './schema';
import { certificateFacts, createServices } from './services';
import { Subject } from './types/subject.type';

const CATEGORY_LABELS: Record<string, string> = {
  VISUAL: '视力',
  HEARING: '听力',
  SPEECH: '言语',
  PHYSICAL: '肢体',
  INTELLECTUAL: '智力',
  MENTAL: '精神',
  MULTIPLE: '多重',
};

/** 残联: disability certificates, added to Subject as `disability`. */
export const disability = definePartnerSubgraph({
  department: Department.DISABILITY,
  entities: [DisabilityCertificateEntity],
  migrations: [DisabilityCertificates1764000000100],
  subject: Subject,
  createServices,
  resolvers,
  createLoaders,
  // the disability part of Hangtou's 健康状况 column, e.g. 肢体残疾二级
  reportColumns: async (loaders, ids) => {
    const certificates = await loaders.certificateByIdNumber.loadMany(ids);
    return Object.fromEntries(
      ids.map((id, i) => {
        const c = certificates[i];
        if (!c || c instanceof Error) return [id, { disability: null }];
        return [
          id,
          { disability: `${CATEGORY_LABELS[c.category] ?? ''}残疾${'一二三四'[c.grade - 1] ?? c.grade}级` },
        ];
      }),
    );
  },
  facts: async (loaders, idNumber) => certificateFacts(await loaders.certificateByIdNumber.load(idNumber)),
});

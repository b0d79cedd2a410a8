import { createSubjectStub } from '../../../../shared/partner-subject';

export const Subject = createSubjectStub();
export type Subject = InstanceType<typeof Subject>;

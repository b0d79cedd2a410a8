import path from 'node:path';
import { DataSource } from 'typeorm';
import { Outbox } from '../../../../shared/outbox';
import { ProgramService, loadProgramPack } from '../../../../shared/partner-programs';
import type { SubgraphConfig } from '../../../../shared/subgraph';
import { registryClient } from '../../../../shared/subgraph';
import { deliverDataPush } from './data-push';
import { MedicalService } from './medical.service';

export function createServices(db: DataSource, config: SubgraphConfig) {
  const programs = new ProgramService(db, loadProgramPack(path.resolve(__dirname, '../../programs')));
  const outbox = new Outbox(db, deliverDataPush(config));
  return {
    programs,
    outbox,
    medical: new MedicalService(db, registryClient(config), programs, outbox),
  };
}

export type Services = ReturnType<typeof createServices>;

import path from 'node:path';
import { DataSource } from 'typeorm';
import { ProgramService, loadProgramPack } from '../../../../shared/partner-programs';
import type { RegistryClient } from '../../../../shared/registry-client';
import { DisabilityService } from './disability.service';

export function createServices(db: DataSource, registry: RegistryClient) {
  return {
    programs: new ProgramService(db, loadProgramPack(path.resolve(__dirname, '../../programs'))),
    disability: new DisabilityService(db, registry),
  };
}

export type Services = ReturnType<typeof createServices>;

import path from 'node:path';
import { DataSource } from 'typeorm';
import { ProgramService, loadProgramPack } from '../../../../shared/partner-programs';
import type { RegistryClient } from '../../../../shared/registry-client';
import { CharityMatchService } from './charity-match.service';
import { CharityResourceService } from './charity-resource.service';

export function createServices(db: DataSource, registry: RegistryClient) {
  return {
    programs: new ProgramService(db, loadProgramPack(path.resolve(__dirname, '../../programs'))),
    resources: new CharityResourceService(db, registry),
    matches: new CharityMatchService(db, registry),
  };
}

export type Services = ReturnType<typeof createServices>;

import { DataSource } from 'typeorm';
import { RegionService } from './region.service';
import { SubjectService } from './subject.service';

export function createServices(db: DataSource) {
  const regions = new RegionService(db);
  return { regions, subjects: new SubjectService(db, regions) };
}

export type Services = ReturnType<typeof createServices>;

import { DataSource } from 'typeorm';
import type { RegistryClient } from '../../../../shared/registry-client';
import { TradeUnionService } from './trade-union.service';

export function createServices(db: DataSource, registry: RegistryClient) {
  return { tradeUnion: new TradeUnionService(db, registry) };
}

export type Services = ReturnType<typeof createServices>;

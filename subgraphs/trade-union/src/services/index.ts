import type { DataSource } from 'typeorm';
import type { PartnerKit } from '../../../../shared/partner-subgraph';
import { TradeUnionService } from './trade-union.service';

export function createServices(db: DataSource, kit: PartnerKit) {
  return { tradeUnion: new TradeUnionService(db, kit) };
}

export type Services = ReturnType<typeof createServices>;

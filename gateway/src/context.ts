import type express from 'express';
import { Identity, identify } from '../../shared/auth';
import type { CommonConfig } from '../../shared/config';

export interface GatewayContext {
  identity: Identity;
  /** forwarded to the subgraphs, which verify it again */
  authorization: string;
}

export async function createContext(req: express.Request, config: CommonConfig): Promise<GatewayContext> {
  const authorization = req.headers.authorization ?? '';
  return { identity: await identify(authorization, config), authorization };
}

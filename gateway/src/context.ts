import type express from 'express';
import { Identity, identify } from '../../shared/auth';
import type { CommonConfig } from '../../shared/config';
import { currentRequestId } from '../../shared/request-context';

export interface GatewayContext {
  identity: Identity;
  /** forwarded to the subgraphs, which verify it again */
  authorization: string;
  /** one id for the whole federated request (x-request-id) */
  requestId: string | undefined;
}

export async function createContext(req: express.Request, config: CommonConfig): Promise<GatewayContext> {
  const authorization = req.headers.authorization ?? '';
  return { identity: await identify(authorization, config), authorization, requestId: currentRequestId() };
}

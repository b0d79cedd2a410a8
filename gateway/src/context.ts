import type express from 'express';
import type { Citizen, Identity, Principal, TokenVerifier } from '../../shared/auth';
import type { IdNumberDisclosure } from '../../shared/disclosure';
import { currentRequestId } from '../../shared/request-context';

export interface GatewayContext {
  /** the member of staff the token names (absent for a citizen) */
  identity?: Identity;
  /** the person a CITIZEN token names (absent for staff) */
  citizen?: Citizen;
  /** who the gateway vouches for in its signature on each subgraph request */
  principal: Principal;
  /** the caller's Authorization header over HTTP (empty for a subscriber: its token is not kept) */
  authorization: string;
  /** what civil affairs said of the ID numbers in this answer (gateway/src/disclosure.ts) */
  idNumbers?: IdNumberDisclosure;
  /** one id for the whole federated request (x-request-id) */
  requestId: string | undefined;
  /** how long each subgraph request of this operation may take, when not SUBGRAPH_TIMEOUT_MS */
  subgraphTimeoutMs?: number;
}

/** A subscriber's context: subscriptions are for staff only. */
export type SubscriberContext = GatewayContext & { identity: Identity };

export async function createContext(req: express.Request, verify: TokenVerifier): Promise<GatewayContext> {
  const authorization = req.headers.authorization ?? '';
  const principal = await verify(authorization);
  return { ...principal, principal, authorization, requestId: currentRequestId() };
}

/** The five subgraphs, in the order of the contract's ports (4001 … 4005). */
import type { SubgraphDefinition } from '../shared/subgraph';
import { charity } from './charity/src/server';
import { civilAffairs } from './civil-affairs/src/server';
import { disability } from './disability/src/server';
import { health } from './health/src/server';
import { tradeUnion } from './trade-union/src/server';

export const SUBGRAPHS: SubgraphDefinition[] = [civilAffairs, disability, tradeUnion, health, charity];

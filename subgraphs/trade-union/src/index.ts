import 'reflect-metadata';
import { runSubgraph } from '../../../shared/subgraph';
import { tradeUnion } from './server';

void runSubgraph(tradeUnion, process.env);

import 'reflect-metadata';
import { readSecretFiles } from '../../../shared/secrets';
import { runSubgraph } from '../../../shared/subgraph';
import { tradeUnion } from './server';

void runSubgraph(tradeUnion, readSecretFiles(process.env));

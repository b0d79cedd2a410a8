import 'reflect-metadata';
import { readSecretFiles } from '../../../shared/secrets';
import { runSubgraph } from '../../../shared/subgraph';
import { civilAffairs } from './server';

void runSubgraph(civilAffairs, readSecretFiles(process.env));

import 'reflect-metadata';
import { readSecretFiles } from '../../../shared/secrets';
import { runSubgraph } from '../../../shared/subgraph';
import { health } from './server';

void runSubgraph(health, readSecretFiles(process.env));

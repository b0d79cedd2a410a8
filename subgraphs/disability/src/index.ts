import 'reflect-metadata';
import { readSecretFiles } from '../../../shared/secrets';
import { runSubgraph } from '../../../shared/subgraph';
import { disability } from './server';

void runSubgraph(disability, readSecretFiles(process.env));

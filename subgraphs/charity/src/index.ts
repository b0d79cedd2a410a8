import 'reflect-metadata';
import { readSecretFiles } from '../../../shared/secrets';
import { runSubgraph } from '../../../shared/subgraph';
import { charity } from './server';

void runSubgraph(charity, readSecretFiles(process.env));

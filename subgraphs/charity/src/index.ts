import 'reflect-metadata';
import { runSubgraph } from '../../../shared/subgraph';
import { charity } from './server';

void runSubgraph(charity, process.env);

import 'reflect-metadata';
import { runSubgraph } from '../../../shared/subgraph';
import { disability } from './server';

void runSubgraph(disability, process.env);

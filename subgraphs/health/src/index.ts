import 'reflect-metadata';
import { runSubgraph } from '../../../shared/subgraph';
import { health } from './server';

void runSubgraph(health, process.env);

import 'reflect-metadata';
import { runSubgraph } from '../../../shared/subgraph';
import { civilAffairs } from './server';

void runSubgraph(civilAffairs, process.env);

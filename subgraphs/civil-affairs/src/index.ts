import 'reflect-metadata';
import { Department } from '../../../shared/departments';
import { runSubgraph } from '../../../shared/subgraph';
import { civilAffairs } from './module';

void runSubgraph(Department.CIVIL_AFFAIRS, civilAffairs, process.env);

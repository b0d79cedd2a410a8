/**
 * GraphQL enums that more than one subgraph exposes. Federation needs them identical everywhere,
 * so they are registered here once, from the same TypeScript enums the services use.
 */
import { registerEnumType } from 'type-graphql';
import { Department } from './departments';

registerEnumType(Department, {
  name: 'Department',
  description: 'The five departments that share the platform',
});

export { Department };

/**
 * The five departments, each with its own subgraph, process, port and database.
 * Every other module derives names, ports and env-var prefixes from this one table.
 */
export enum Department {
  CIVIL_AFFAIRS = 'CIVIL_AFFAIRS',
  DISABILITY = 'DISABILITY',
  TRADE_UNION = 'TRADE_UNION',
  HEALTH = 'HEALTH',
  CHARITY = 'CHARITY',
}

export interface DepartmentInfo {
  department: Department;
  /** subgraph name in the supergraph, folder under subgraphs/, and process name */
  subgraph: string;
  /** default port (contract README) */
  port: number;
  /** database name on a shared PostgreSQL server */
  database: string;
  /** prefix of this department's env vars: `${envPrefix}_PORT`, `${envPrefix}_URL`, `${envPrefix}_DATABASE_URL` */
  envPrefix: string;
  label: string;
}

export const DEPARTMENTS: readonly DepartmentInfo[] = [
  info(Department.CIVIL_AFFAIRS, 'civil-affairs', 4001, '民政'),
  info(Department.DISABILITY, 'disability', 4002, '残联'),
  info(Department.TRADE_UNION, 'trade-union', 4003, '总工会'),
  info(Department.HEALTH, 'health', 4004, '医保 / 卫健'),
  info(Department.CHARITY, 'charity', 4005, '慈善 / 红会'),
];

function info(department: Department, subgraph: string, port: number, label: string): DepartmentInfo {
  return { department, subgraph, port, database: subgraph.replace('-', '_'), envPrefix: department, label };
}

export function departmentInfo(department: Department): DepartmentInfo {
  const found = DEPARTMENTS.find((d) => d.department === department);
  if (!found) throw new Error(`unknown department ${department}`);
  return found;
}

export function departmentOfSubgraph(subgraph: string): Department | undefined {
  return DEPARTMENTS.find((d) => d.subgraph === subgraph)?.department;
}

export const GATEWAY_DEFAULT_PORT = 4000;

// Shared by the doctor suites: a stack file of servers given as YAML flow text, and a report by name.
import { writeFileSync } from 'node:fs';
import type { DoctorReport, ServerReport } from '../../src/doctor/report.js';

/** Writes `version: 1` and `servers:` with one line `NAME: VALUE` per server. */
export function writeServersStack(file: string, servers: Record<string, string>): void {
  writeFileSync(
    file,
    `version: 1\nservers:\n${Object.entries(servers)
      .map(([n, v]) => `  ${n}: ${v}\n`)
      .join('')}`,
  );
}

/** The report's servers by name. */
export const byServer = (report: DoctorReport): Record<string, ServerReport> =>
  Object.fromEntries(report.servers.map((s) => [s.server, s]));

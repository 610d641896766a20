// Whether `mcpo doctor` is implemented in this checkout. It is built on its own branch; until it
// is merged here its module is the placeholder that throws `not-implemented`, and the tests that
// run it are skipped with that reason (they run, and must pass, as soon as it lands).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './client-clis.js';

export const DOCTOR_READY = !readFileSync(join(REPO_ROOT, 'src', 'commands', 'doctor.ts'), 'utf8').includes("'not-implemented'");
export const DOCTOR_SKIP_REASON = 'skipped: `mcpo doctor` is not in this checkout yet (placeholder until the doctor branch is merged)';

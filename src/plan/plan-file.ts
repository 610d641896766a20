/**
 * Saved plans (`mcpo plan --out FILE`, `mcpo apply FILE`). A plan file says what to write and
 * where, so apply must only accept one that mcpo made: the file carries `mac`, an HMAC-SHA256
 * over the plan's canonical JSON (sorted keys, no whitespace) keyed by this machine's plan key
 * (state folder, 0600). Any edit of the content (a path, a command, a change added or removed)
 * breaks it; so does a plan from another machine. Whitespace and key order do not matter.
 * The file holds no secret values (tokens and salted digests only) but does name the user's
 * files and commands: it is always written 0600, also over an existing file.
 */
import fs from 'node:fs';
import type { ClientAdapter } from '../clients/contract.js';
import type { PathContext, Plan } from '../types.js';
import { McpoError } from '../errors.js';
import { nodeCrypto } from '../node-crypto.js';
import { canonicalJson } from '../state/digest.js';
import { stateDir } from '../state/dirs.js';
import { loadOrCreatePlanKey, planKeyPath, readPlanKey } from '../state/plan-key.js';
import { writeError } from '../apply/write.js';
import { planShapeProblem } from './plan-shape.js';
import { MAX_OWN_FILE_BYTES, readTextFile } from '../fs/files.js';

const MAC_PREFIX = 'hmac-sha256:';
/** Domain separation: the same key never signs anything but a format 1 plan. */
const MAC_CONTEXT = 'mcpo saved plan, format 1\n';

function macOf(key: Buffer, content: unknown): string {
  const hmac = nodeCrypto().createHmac('sha256', key);
  return MAC_PREFIX + hmac.update(MAC_CONTEXT + canonicalJson(content), 'utf8').digest('hex');
}

/** Writes `plan` with its MAC to `file`, mode 0600 (an existing file is made 0600 before it is filled). */
export function savePlanFile(file: string, plan: Plan, stateFolder: string): void {
  // The plan as JSON will read it back (getters evaluated, undefined members dropped).
  const data = JSON.parse(JSON.stringify(plan)) as Record<string, unknown>;
  delete data.mac;
  const text =
    JSON.stringify({ ...data, mac: macOf(loadOrCreatePlanKey(stateFolder), data) }, null, 2) + '\n';
  let fd: number | undefined;
  try {
    // Opening a FIFO or a device for writing could block or write elsewhere: regular files only.
    const st = fs.statSync(file, { throwIfNoEntry: false });
    if (st && !st.isFile()) {
      throw new McpoError(
        'write-failed',
        `Cannot save the plan to ${file}: it is not a regular file.`,
        {
          hint: 'choose another --out file',
        },
      );
    }
    fd = fs.openSync(file, 'w', 0o600);
    fs.fchmodSync(fd, 0o600);
    fs.writeFileSync(fd, text);
  } catch (err) {
    throw writeError(file, err, 'choose another --out file, or check the folder permissions');
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Reads a saved plan and proves that mcpo on this machine made it, unchanged, before anything
 * trusts it; then checks its shape. Throws `bad-plan-file` with the file and the fix otherwise.
 */
export function readPlanFile(
  file: string,
  ctx: PathContext,
  getClient: (id: string) => ClientAdapter | undefined,
): Plan {
  const again = `run \`mcpo plan --out ${file}\` again and apply the new file`;
  const refuse = (why: string, hint = again) =>
    new McpoError('bad-plan-file', `${file} ${why}; nothing was written.`, { hint });
  // Through the one read path: a FIFO or /dev/zero given as the plan file is refused, not read.
  const text = readTextFile(file, { maxBytes: MAX_OWN_FILE_BYTES });
  if (text === null) throw refuse('does not exist', 'create one with `mcpo plan --out FILE`');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw refuse('is not a saved mcpo plan', 'create one with `mcpo plan --out FILE`');
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw refuse('is not a saved mcpo plan', 'create one with `mcpo plan --out FILE`');
  }
  const { mac, ...content } = data as Record<string, unknown>;
  if (typeof mac !== 'string') throw refuse('is not signed by mcpo (it has no `mac`)');
  const key = readPlanKey(stateDir(ctx));
  if (!key)
    throw refuse(
      `was not made by mcpo on this machine (there is no ${planKeyPath(stateDir(ctx))})`,
    );
  if (!sameMac(mac, macOf(key, content))) {
    throw refuse('was changed after mcpo saved it, or was made on another machine');
  }
  const problem = planShapeProblem(content, ctx, getClient);
  if (problem) throw refuse(`is not a valid mcpo plan: ${problem}`);
  return content as unknown as Plan;
}

function sameMac(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && nodeCrypto().timingSafeEqual(x, y);
}

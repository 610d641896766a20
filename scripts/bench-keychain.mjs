// The launcher row with the secret read from a real OS keychain (issue 3: "keychain lookup
// included"). Runs inside one private D-Bus session with an unlocked gnome-keyring, started once by
// bench.mjs (`dbus-run-session -- scripts/with-keyring.sh node scripts/bench-keychain.mjs ...`),
// so the session's own start-up is not timed. Prints one JSON object: medians (ms) of interleaved
// rounds of `node -e 0`, the launcher floor and `mcpo run` with its secret in the keychain.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAUNCHER_FLOOR, median, runOnce } from './bench-lib.mjs';

const [cli, runsArg, warmupArg] = process.argv.slice(2);
const home = process.env.HOME;
const stack = join(home, 'project', 'mcp.stack.yaml');
mkdirSync(join(home, 'project'), { recursive: true });
writeFileSync(
  stack,
  `version: 1\nservers:\n  trivial: { command: ${JSON.stringify(process.execPath)}, args: [-e, "0"], env: { KEY: "\${secret:trivial-key}" } }\n`,
);

const env = { ...process.env };
for (const k of Object.keys(env)) if (k.startsWith('MCPO_SECRET_')) delete env[k];
const set = spawnSync(process.execPath, [cli, 'secret', 'set', 'trivial-key', '--stack', stack], {
  env,
  input: 'bench-value\n',
  encoding: 'utf8',
});
if (set.status !== 0) throw new Error(`mcpo secret set failed: ${set.stderr}`);

const commands = {
  node: [process.execPath, '-e', '0'],
  floor: LAUNCHER_FLOOR,
  run: [process.execPath, cli, 'run', 'trivial', '--stack', stack],
};
const once = (argv) => runOnce(argv, env, join(home, 'project'));
const times = { node: [], floor: [], run: [] };
for (let i = 0; i < Number(warmupArg); i++) for (const c of Object.values(commands)) once(c);
for (let i = 0; i < Number(runsArg); i++)
  for (const [k, c] of Object.entries(commands)) times[k].push(once(c));
console.log(
  JSON.stringify(Object.fromEntries(Object.entries(times).map(([k, xs]) => [k, median(xs)]))),
);

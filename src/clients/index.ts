import type { ClientAdapter } from './contract.js';
import type { Scope } from '../types.js';
import { createRegistry, type ClientInfo } from './registry.js';

const U: Scope[] = ['user'];
const UP: Scope[] = ['user', 'project'];
const ULP: Scope[] = ['user', 'project', 'local'];

/**
 * Every supported client, as catalog data; the adapter module is imported only when a command
 * needs it (`loadClients`). Adding a client is a module satisfying ClientAdapter plus a line
 * here (test/clients-registry.test.ts checks each line against its adapter).
 */
const CATALOG: ClientInfo[] = [
  {
    id: 'claude-desktop',
    title: 'Claude Desktop',
    scopes: U,
    load: () => import('./claude-desktop.js'),
  },
  {
    id: 'claude-code',
    title: 'Claude Code',
    scopes: ULP,
    family: 'mcp-json',
    load: () => import('./claude-code.js'),
  },
  {
    id: 'cursor',
    title: 'Cursor',
    scopes: UP,
    family: 'cursor',
    load: () => import('./cursor.js'),
  },
  { id: 'vscode', title: 'VS Code', scopes: UP, load: () => import('./vscode.js') },
  { id: 'cline', title: 'Cline', scopes: U, load: () => import('./cline.js') },
  {
    id: 'roo-code',
    title: 'Roo Code',
    scopes: UP,
    family: 'roo',
    successor: 'zoo-code',
    load: () => import('./roo-code.js'),
  },
  {
    id: 'windsurf',
    title: 'Windsurf',
    scopes: U,
    successor: 'devin-desktop',
    load: () => import('./windsurf.js'),
  },
  { id: 'zed', title: 'Zed', scopes: UP, load: () => import('./zed.js') },
  { id: 'codex', title: 'Codex', scopes: UP, load: () => import('./codex.js') },
  {
    id: 'gemini-cli',
    title: 'Gemini CLI',
    scopes: UP,
    successor: 'antigravity-cli',
    load: () => import('./gemini-cli.js'),
  },
  {
    id: 'qwen-code',
    title: 'Qwen Code',
    scopes: UP,
    family: 'mcp-json',
    load: () => import('./qwen-code.js'),
  },
  {
    id: 'copilot-cli',
    title: 'Copilot CLI',
    scopes: UP,
    family: 'mcp-json',
    load: () => import('./copilot-cli.js'),
  },
  {
    id: 'opencode',
    title: 'opencode',
    scopes: UP,
    family: 'opencode-json',
    load: () => import('./opencode.js'),
  },
  { id: 'continue', title: 'Continue', scopes: UP, load: () => import('./continue.js') },
  { id: 'goose', title: 'Goose', scopes: U, load: () => import('./goose.js') },
  { id: 'kiro', title: 'Kiro', scopes: UP, family: 'kiro', load: () => import('./kiro.js') },
  {
    id: 'amazon-q',
    title: 'Amazon Q',
    scopes: UP,
    successor: 'kiro-cli',
    load: () => import('./amazon-q.js'),
  },
  { id: 'lm-studio', title: 'LM Studio', scopes: U, load: () => import('./lm-studio.js') },
  // Renamed or replaced clients (each old id above names its successor), then newer clients.
  {
    id: 'antigravity-cli',
    title: 'Antigravity CLI',
    scopes: UP,
    load: () => import('./antigravity-cli.js'),
  },
  {
    id: 'devin-desktop',
    title: 'Devin Desktop',
    scopes: UP,
    load: () => import('./devin-desktop.js'),
  },
  {
    id: 'zoo-code',
    title: 'Zoo Code',
    scopes: UP,
    family: 'roo',
    load: () => import('./zoo-code.js'),
  },
  {
    id: 'kiro-cli',
    title: 'Kiro CLI',
    scopes: UP,
    family: 'kiro',
    load: () => import('./kiro-cli.js'),
  },
  {
    id: 'cursor-agent',
    title: 'Cursor CLI agent',
    scopes: UP,
    family: 'cursor',
    load: () => import('./cursor-agent.js'),
  },
  { id: 'crush', title: 'Crush', scopes: UP, load: () => import('./crush.js') },
  { id: 'warp', title: 'Warp', scopes: UP, load: () => import('./warp.js') },
  { id: 'junie', title: 'JetBrains Junie', scopes: UP, load: () => import('./junie.js') },
  {
    id: 'jetbrains-ai',
    title: 'JetBrains AI Assistant',
    scopes: UP,
    load: () => import('./jetbrains-ai.js'),
  },
  { id: 'trae', title: 'Trae', scopes: UP, load: () => import('./trae.js') },
  {
    id: 'visual-studio',
    title: 'Visual Studio',
    scopes: UP,
    family: 'mcp-json',
    load: () => import('./visual-studio.js'),
  },
  // npm CLIs proven by their own `mcp list` (issue 12 section 4).
  {
    id: 'kilo-cli',
    title: 'Kilo CLI',
    scopes: UP,
    family: 'opencode-json',
    load: () => import('./kilo-cli.js'),
  },
  {
    id: 'qoder-cli',
    title: 'Qoder CLI',
    scopes: ULP,
    family: 'mcp-json',
    load: () => import('./qoder-cli.js'),
  },
  { id: 'auggie', title: 'Auggie', scopes: ULP, load: () => import('./auggie.js') },
  { id: 'droid', title: 'Factory droid', scopes: UP, load: () => import('./droid.js') },
  { id: 'amp', title: 'Amp', scopes: UP, load: () => import('./amp.js') },
  { id: 'grok-cli', title: 'Grok CLI', scopes: ['project'], load: () => import('./grok-cli.js') },
];

const registry = createRegistry(CATALOG);

/** The catalog (ids, titles, scopes, successors) without loading any adapter. */
export const clientInfos: readonly ClientInfo[] = registry.infos;
export const clientIds = registry.clientIds;
export const clientInfo = registry.info;
export const loadClients = registry.loadClients;
export const predecessorsOf = registry.predecessors;
export const withFamilies = registry.withFamilies;
export const loadedClients = registry.loaded;

/** A client loaded by `loadClients` (the one place a command names the clients it will use). */
export function getClient(id: string): ClientAdapter | undefined {
  return registry.getClient(id);
}

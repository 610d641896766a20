import type { NativeEntry, PathContext, RenderResult, Scope, ServerSpec } from '../types.js';
import type { ConfigFormat } from '../formats/contract.js';

/**
 * One MCP client: where its config lives, and how a server looks in its dialect.
 * Adding a client is one module satisfying this contract, registered in clients/index.ts,
 * plus fixtures under test/fixtures/clients/<id>/.
 */
export interface ClientAdapter {
  /** Stable id used in stack files (`clients.<id>`), e.g. `claude-code`. */
  id: string;
  title: string;
  /** Upstream docs or source for the format this adapter writes. */
  docs: string[];
  scopes: Scope[];
  format: ConfigFormat;
  /** Absolute config file path for a scope (only called for scopes in `scopes`). */
  configPath(scope: Scope, ctx: PathContext): string;
  /** Folder whose presence means the application is installed (checked for user scope). */
  installDir(ctx: PathContext): string;
  /** Path of the servers map inside the file, e.g. ["mcpServers"]. */
  entriesPath(scope: Scope, ctx: PathContext): string[];
  /** Common model -> native entry, or a reason the client cannot express the server. */
  render(server: ServerSpec): RenderResult;
  /** Native entry -> common model (for import and for showing what a file holds). */
  parse(name: string, entry: NativeEntry): ServerSpec;
  /** What the user must do for the client to pick up a change. */
  restartHint: string;
  /**
   * Other files the client reads for a scope beside configPath (same format, same entries path),
   * so a file shared with other clients names it among its readers. `preferred`: the client reads
   * that file INSTEAD of configPath whenever it exists (Copilot CLI: `.mcp.json` over
   * `.github/mcp.json`), so mcpo writes there when it exists or the same plan creates it.
   */
  alsoReads?(scope: Scope, ctx: PathContext): { path: string; preferred?: boolean }[];
  /**
   * A list the client keeps outside the servers map that turns servers off by name, whatever
   * file they come from (Copilot CLI's `disabledMcpServers`): where it is and how to read it.
   * The plan and `mcpo status` show a managed server it names as turned off by the client.
   */
  disabledBy?(ctx: PathContext): { path: string; names(text: string): string[] };
  /**
   * Other versions of the client's format for the same files (opencode's `mcp.servers`): the one
   * whose `holds` accepts a file's current text is used for that file (see clients/dialect.ts).
   */
  dialects?: ClientDialect[];
}

/** A newer (or older) shape of a client's file, told apart by what the file already holds. */
export interface ClientDialect {
  /** True when the file's text is in this dialect. */
  holds(text: string): boolean;
  /** Same id, paths and format as the main adapter; its own entries path, render and parse. */
  adapter: ClientAdapter;
}

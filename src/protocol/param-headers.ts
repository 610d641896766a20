/**
 * `x-mcp-header` of MCP 2026-07-28: a tool parameter the server wants mirrored into an
 * `Mcp-Param-{Name}` header of each `tools/call` over streamable HTTP, which HTTP clients MUST
 * send, and a tool whose annotations break the rules MUST be left out of `tools/list`
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http,
 * "Custom Headers from Tool Parameters"). The bridge is the HTTP client of a stdio client, which
 * may ignore the annotations, so it learns them from the `tools/list` results it passes on.
 */
import { encodeHeaderValue } from './headers.js';

type Schema = Record<string, unknown>;
interface Annotated {
  header: string;
  path: string[];
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const PRIMITIVE = new Set(['string', 'integer', 'boolean']);

/** The annotated parameters of an input schema, or why the tool must be left out. */
export function annotatedParams(schema: unknown): Annotated[] | { invalid: string } {
  const found: Annotated[] = [];
  const problems: string[] = [];
  // `reachable`: the path of `properties` keys that led here, or undefined once off that chain.
  const walk = (node: unknown, reachable: string[] | undefined) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach((n) => walk(n, undefined));
    const s = node as Schema;
    if ('x-mcp-header' in s) {
      const h = s['x-mcp-header'];
      if (!reachable || reachable.length === 0)
        problems.push('an annotation off the properties chain');
      else if (typeof h !== 'string' || !TOKEN.test(h)) problems.push(`an invalid header name`);
      else if (!PRIMITIVE.has(s.type as string))
        problems.push(`${h} is not a string, integer or boolean`);
      else found.push({ header: h, path: reachable });
    }
    for (const [k, v] of Object.entries(s)) {
      if (k === 'properties' && v && typeof v === 'object' && !Array.isArray(v))
        for (const [p, sub] of Object.entries(v))
          walk(sub, reachable ? [...reachable, p] : undefined);
      else if (k !== 'x-mcp-header') walk(v, undefined);
    }
  };
  walk(schema, []);
  const names = found.map((f) => f.header.toLowerCase());
  if (new Set(names).size !== names.length) problems.push('a header name used twice');
  return problems.length ? { invalid: problems[0]! } : found;
}

/** The `Mcp-Param-*` headers of one call's arguments: absent and null values are left out. */
export function paramHeaders(params: Annotated[], args: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { header, path } of params) {
    let v: unknown = args;
    for (const key of path) v = v && typeof v === 'object' ? (v as Schema)[key] : undefined;
    if (v === undefined || v === null || typeof v === 'object') continue;
    headers[`Mcp-Param-${header}`] = encodeHeaderValue(String(v));
  }
  return headers;
}

/** What one bridge has learnt from the `tools/list` results it passed on. */
export class ToolHeaders {
  private readonly tools = new Map<string, Annotated[]>();

  /** Records the tools' annotations; returns the tools to pass on and the ones left out. */
  learn(tools: unknown[]): { kept: unknown[]; left: { name: string; why: string }[] } {
    const kept: unknown[] = [];
    const left: { name: string; why: string }[] = [];
    for (const tool of tools) {
      const { name, inputSchema } = tool as { name?: unknown; inputSchema?: unknown };
      const params = annotatedParams(inputSchema);
      if ('invalid' in params) left.push({ name: String(name), why: params.invalid });
      else {
        if (typeof name === 'string') this.tools.set(name, params);
        kept.push(tool);
      }
    }
    return { kept, left };
  }

  /** The headers of a `tools/call` message (none for another message or an unknown tool). */
  headersFor(message: unknown): Record<string, string> {
    const m = message as { method?: unknown; params?: { name?: unknown; arguments?: unknown } };
    const params = m.method === 'tools/call' ? this.tools.get(String(m.params?.name)) : undefined;
    return params ? paramHeaders(params, m.params?.arguments) : {};
  }
}

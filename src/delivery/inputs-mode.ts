/**
 * `secrets: inputs` (VS Code): every secret token becomes `${input:NAME}`, and the file's
 * top-level `inputs` gets `{ type: "promptString", id: NAME, password: true }` for it. VS Code
 * asks for the value once, when it starts the server, and keeps it in its own secret storage:
 * no value on disk and none in the environment.
 * Docs: https://code.visualstudio.com/docs/copilot/reference/mcp-configuration ("Input
 * variables for sensitive data"); https://code.visualstudio.com/docs/reference/variables-reference
 * ("Input variables": promptString, `password: true`).
 */
import {
  applyEdits,
  findNodeAtLocation,
  modify,
  parse,
  parseTree,
  type FormattingOptions,
} from 'jsonc-parser';
import { keepSource } from '../stack/keep-source.js';
import type { Problem, ServerSpec } from '../types.js';
import type { ConfigFormat } from '../formats/contract.js';
import { mapStrings } from '../secrets/tokens.js';

/** Clients whose config has VS Code's `${input:ID}` and a top-level `inputs` list. */
const INPUT_CLIENTS = new Set(['vscode']);
const TOKEN_RE = /\uE000secret:([A-Za-z0-9._-]+)\uE001/g;
const INPUT_RE = /\$\{input:([^}]+)\}/g;
/** Marks the inputs mcpo added, so it removes only those once nothing refers to them. */
const DESCRIPTION = 'mcpo secret ';

export type InputsResult = { ok: true; server: ServerSpec } | { ok: false; problem: Problem };

/** The server with `${input:NAME}` in place of each secret token. */
export function toInputReferences(server: ServerSpec, client: string): InputsResult {
  if (!INPUT_CLIENTS.has(client)) {
    const message = `${client} has no input variables (VS Code's \`\${input:...}\`), so server ${server.name} cannot use \`secrets: inputs\`.`;
    return {
      ok: false,
      problem: {
        code: 'inputs-unsupported',
        message,
        hint: `set \`secrets: env\` or \`secrets: launcher\` on the ${client} target`,
        ...(server.source ? { loc: server.source } : {}),
      },
    };
  }
  return {
    ok: true,
    server: keepSource(
      mapStrings(server, (s) => s.replace(TOKEN_RE, (_t, name: string) => `\${input:${name}}`)),
      server,
    ),
  };
}

function inputIds(value: unknown): Set<string> {
  return new Set([...JSON.stringify(value ?? null).matchAll(INPUT_RE)].map((m) => m[1]!));
}

function indentOf(text: string): FormattingOptions {
  const m = /\n([ \t]+)\S/.exec(text);
  return m?.[1]?.startsWith('\t')
    ? { insertSpaces: false, tabSize: 1 }
    : { insertSpaces: true, tabSize: m?.[1]?.length ?? 2 };
}

/**
 * `format` that keeps the file's `inputs` in step with the entries it writes: a promptString
 * (password) for each `${input:ID}` an entry mcpo writes uses and the file does not define, and
 * none left of those mcpo added once no entry uses them. The user's own inputs are not touched.
 */
export function withPromptInputs(format: ConfigFormat): ConfigFormat {
  return {
    ...format,
    writeEntries(before, file, entriesPath, changes) {
      let text = format.writeEntries(before, file, entriesPath, changes);
      if (text === before) return text;
      const root = (dataOf(text) ?? {}) as Record<string, unknown>;
      const servers = entriesPath.reduce<unknown>(
        (o, k) => (o as Record<string, unknown> | undefined)?.[k],
        root,
      );
      const used = inputIds(servers);
      const inputs = Array.isArray(root.inputs)
        ? (root.inputs as { id?: unknown; description?: unknown }[])
        : [];
      const fmt = { formattingOptions: indentOf(text) };
      for (let i = inputs.length - 1; i >= 0; i--) {
        const input = inputs[i]!;
        const ours =
          typeof input.description === 'string' && input.description.startsWith(DESCRIPTION);
        if (ours && !used.has(String(input.id)))
          text = applyEdits(text, modify(text, ['inputs', i], undefined, fmt));
      }
      const defined = new Set(inputs.map((i) => String(i.id)));
      const added = [...inputIds(Object.values(changes))].filter((id) => !defined.has(id)).sort();
      for (const id of added)
        text = appendInput(
          text,
          { type: 'promptString', id, description: `${DESCRIPTION}${id}`, password: true },
          fmt.formattingOptions,
        );
      return text;
    },
  };
}

/**
 * The file's data: JSON.parse when the text is plain JSON (native, several times cheaper than a
 * JSONC parse of a large file), else the JSONC parse (comments, trailing commas, a BOM).
 */
function dataOf(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return parse(text, [], { allowTrailingComma: true });
  }
}

/**
 * Appends one input to `inputs` (creating the list when absent), touching no other byte: the
 * element goes after the last one, on its own lines, at the indentation of the one before.
 */
function appendInput(text: string, input: object, fmt: FormattingOptions): string {
  const tree = parseTree(text, [], { allowTrailingComma: true });
  const list = tree && findNodeAtLocation(tree, ['inputs']);
  if (!list || list.type !== 'array')
    return applyEdits(text, modify(text, ['inputs'], [input], { formattingOptions: fmt }));
  const last = list.children?.at(-1);
  const unit = fmt.insertSpaces ? ' '.repeat(fmt.tabSize ?? 2) : '\t';
  const lineStart = text.lastIndexOf('\n', (last ?? list).offset) + 1;
  const outer = /^[ \t]*/.exec(text.slice(lineStart))![0];
  const indent = last ? outer : outer + unit;
  const body = JSON.stringify(input, null, unit).replace(/\n/g, `\n${indent}`);
  if (!last)
    return (
      text.slice(0, list.offset + 1) + `\n${indent}${body}\n${outer}` + text.slice(list.offset + 1)
    );
  const at = last.offset + last.length;
  return text.slice(0, at) + `,\n${indent}${body}` + text.slice(at);
}

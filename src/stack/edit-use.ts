/**
 * `use:` in mcp.stack.local.yaml, as `mcpo use` writes it: comments and layout of the rest of
 * the file are kept (yaml-splice.ts).
 */
import { isMap, type Document, type YAMLMap, type YAMLSeq } from 'yaml';
import { editYamlText } from './yaml-splice.js';

/** What the local file starts with when `mcpo use` creates it. */
export const NEW_LOCAL_FILE = `# Personal overrides of mcp.stack.yaml on this machine: keep this file out of git.
# \`mcpo use STACK...\` records the active workflow stacks here; \`mcpo use --all\` removes them.
version: 1
`;

export interface UseRequest {
  /** The stacks to make active, or `all` to return to every server. */
  stacks: string[] | 'all';
  /** Only for these clients (empty: for every client, replacing any per-client choice). */
  clients: string[];
}

/** The local file's text with the `use:` choice applied. Pure. */
export function setUseText(text: string, req: UseRequest): string {
  return editYamlText(text, (doc) => {
    if (req.clients.length === 0) {
      if (req.stacks === 'all') doc.delete('use');
      else doc.set('use', doc.createNode({ stacks: flowSeq(doc, req.stacks) }));
      return;
    }
    for (const id of req.clients) {
      if (req.stacks !== 'all') doc.setIn(['use', 'clients', id], flowSeq(doc, req.stacks));
      // `all` for one client: only needs saying when there is a choice for every client.
      else if (doc.hasIn(['use', 'stacks'])) doc.setIn(['use', 'clients', id], 'all');
      else doc.deleteIn(['use', 'clients', id]);
    }
    const clients = doc.getIn(['use', 'clients'], true);
    if (isMap(clients) && clients.items.length === 0) doc.deleteIn(['use', 'clients']);
    const use = doc.get('use', true);
    if (isMap(use) && (use as YAMLMap).items.length === 0) doc.delete('use');
  });
}

function flowSeq(doc: Document, names: string[]): YAMLSeq {
  const seq = doc.createNode(names) as YAMLSeq;
  seq.flow = true;
  return seq;
}

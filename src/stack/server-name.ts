/** A server name as the stack schema allows it (schemas/stack.schema.json, `$defs.name`). */
export const SERVER_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

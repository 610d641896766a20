// Types for validate.generated.js, which scripts/gen-validator.mjs writes from
// schemas/stack.schema.json (ajv standalone code; the .js file is not committed).

/** One ajv error, as the standalone validator reports it (allErrors mode). */
export interface SchemaError {
  /** JSON pointer of the offending value, e.g. `/servers/github/comand`. */
  instancePath: string;
  /** JSON pointer into the schema, e.g. `#/$defs/server/additionalProperties`. */
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  /** Set on errors raised while checking a property name (`propertyNames`). */
  propertyName?: string;
  message?: string;
}

export interface StackValidator {
  (data: unknown): boolean;
  errors?: SchemaError[] | null;
}

export declare const validate: StackValidator;
export default validate;

/** Allowed keys of each closed object: `root` and closed `$defs` entries (`server`, `stack`, `target`). */
export declare const objectKeys: Record<string, string[]>;

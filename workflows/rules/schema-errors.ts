/**
 * Turns ajv's errors into the API's `{ pointer, detail }`: the JSON pointer of the field at fault and
 * a plain-English sentence naming it, e.g. "movingAroundPoints must be one of 0, 4, 8, 10, 12".
 */
import type { ErrorObject } from 'ajv';

export interface EligibilityFieldError {
  /** JSON pointer (RFC 6901) to the field at fault; "" is the whole body. */
  pointer: string;
  detail: string;
}

/** Fields whose requirement depends on another field, so "is required" alone would puzzle. */
const CONDITIONALLY_REQUIRED: Readonly<Record<string, string>> = {
  '/applicant/dateOfBirth': 'dateOfBirth is required when applicant.type is person',
};

function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function fieldName(pointer: string): string {
  if (pointer === '') return 'The request body';
  const last = pointer.slice(pointer.lastIndexOf('/') + 1);
  return last.replace(/~1/g, '/').replace(/~0/g, '~');
}

function list(values: readonly unknown[]): string {
  return values.map((v) => String(v)).join(', ');
}

type SchemaNode = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
};

function dateDetail(name: string, schema: SchemaNode): string {
  const nullable = Array.isArray(schema.type) && schema.type.includes('null');
  return `${name} must be a real date written as YYYY-MM-DD${nullable ? ', or null' : ''}`;
}

function typeDetail(name: string, schema: SchemaNode): string {
  if (schema.enum) return `${name} must be one of ${list(schema.enum)}`;
  if (schema.format === 'date') return dateDetail(name, schema);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'object') return `${name} must be a JSON object`;
  if (type === 'boolean') return `${name} must be true or false`;
  if (type === 'integer') return `${name} must be a whole number`;
  if (type === 'array') return `${name} must be a list`;
  return `${name} must be text`;
}

/** One error in plain English, or null for an error that only repeats another (ajv's "if" failure). */
export function describeSchemaError(error: ErrorObject): EligibilityFieldError | null {
  const schema = (error.parentSchema ?? {}) as SchemaNode;
  const name = fieldName(error.instancePath);
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      return {
        pointer: `${error.instancePath}/${escapeToken(key)}`,
        detail: `${key} is not a recognised field: remove it (unknown fields are rejected so they cannot change a result)`,
      };
    }
    case 'required': {
      const missing = String(error.params.missingProperty);
      const pointer = `${error.instancePath}/${escapeToken(missing)}`;
      return { pointer, detail: CONDITIONALLY_REQUIRED[pointer] ?? `${missing} is required` };
    }
    case 'if':
      return null;
    case 'enum':
    case 'type':
      return { pointer: error.instancePath, detail: typeDetail(name, schema) };
    case 'format':
    case 'pattern':
      return { pointer: error.instancePath, detail: dateDetail(name, schema) };
    case 'minimum':
    case 'maximum':
      return {
        pointer: error.instancePath,
        detail: `${name} must be a whole number from ${schema.minimum} to ${schema.maximum}`,
      };
    default:
      return { pointer: error.instancePath, detail: `${name} ${error.message ?? 'is not valid'}` };
  }
}

/** Plain-English errors, one per field (a bad date fails both pattern and format: say it once). */
export function describeSchemaErrors(errors: readonly ErrorObject[]): EligibilityFieldError[] {
  const byPointer = new Map<string, EligibilityFieldError>();
  for (const error of errors) {
    const described = describeSchemaError(error);
    if (described && !byPointer.has(described.pointer)) byPointer.set(described.pointer, described);
  }
  return [...byPointer.values()];
}

/**
 * The published JSON schemas in docs/schemas/ are the contract, so the validator and the OpenAPI
 * document read them rather than keeping copies. This is the rules folder's only file I/O.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The nearest folder at or above `start` holding a package.json: the project root, whether this runs
 * from workflows/rules/ (ts-jest) or dist/workflows/rules/ (compiled).
 */
export function findPackageRoot(start: string): string {
  let folder = start;
  for (;;) {
    if (existsSync(join(folder, 'package.json'))) return folder;
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`No package.json found at or above ${start}`);
    folder = parent;
  }
}

export type JsonSchema = Record<string, unknown>;

export const SCHEMA_FILES = {
  request: 'docs/schemas/eligibility-request.schema.json',
  response: 'docs/schemas/eligibility-response.schema.json',
} as const;

const cache = new Map<keyof typeof SCHEMA_FILES, string>();

/** A fresh copy of a published schema (callers may change their copy freely). */
export function loadEligibilitySchema(which: keyof typeof SCHEMA_FILES): JsonSchema {
  let text = cache.get(which);
  if (text === undefined) {
    text = readFileSync(join(findPackageRoot(__dirname), SCHEMA_FILES[which]), 'utf8');
    cache.set(which, text);
  }
  return JSON.parse(text) as JsonSchema;
}

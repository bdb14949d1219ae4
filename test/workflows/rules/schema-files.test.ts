import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPackageRoot, loadEligibilitySchema, type JsonSchema } from '../../../workflows/rules';
import { compileSchema } from './schema-check';

describe('findPackageRoot', () => {
  it('finds the folder with package.json above a compiled dist/ path', () => {
    const root = mkdtempSync(join(tmpdir(), 'package-root-'));
    try {
      writeFileSync(join(root, 'package.json'), '{}');
      const compiled = join(root, 'dist', 'workflows', 'rules');
      mkdirSync(compiled, { recursive: true });
      expect(findPackageRoot(compiled)).toBe(root);
      expect(findPackageRoot(root)).toBe(root);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('finds this project from the test folder', () => {
    expect(findPackageRoot(__dirname)).toBe(join(__dirname, '..', '..', '..'));
  });
});

/** Every property schema under `schema`, with its JSON path, for the documentation checks. */
function propertiesOf(schema: JsonSchema, path = ''): [string, JsonSchema][] {
  const own = Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>);
  const items = schema.items ? propertiesOf(schema.items as JsonSchema, `${path}[]`) : [];
  return [
    ...own.flatMap(([key, value]): [string, JsonSchema][] => [
      [`${path}/${key}`, value],
      ...propertiesOf(value, `${path}/${key}`),
    ]),
    ...items,
  ];
}

describe.each(['request', 'response'] as const)('the published %s schema', (which) => {
  const schema = loadEligibilitySchema(which);

  it('is JSON Schema 2020-12 with an $id, a title and a description', () => {
    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: expect.stringMatching(/^urn:blue-badge-kit:schema:eligibility-/),
      title: expect.any(String),
      description: expect.any(String),
    });
  });

  it('gives every property a title and a description', () => {
    const undocumented = propertiesOf(schema)
      .filter(
        ([, property]) => typeof property.title !== 'string' || typeof property.description !== 'string',
      )
      .map(([path]) => path);
    expect(undocumented).toEqual([]);
  });

  it('rejects unknown fields on every object', () => {
    const open = [['', schema] as [string, JsonSchema], ...propertiesOf(schema)]
      .filter(([, property]) => property.type === 'object' && property.additionalProperties !== false)
      .map(([path]) => path);
    expect(open).toEqual([]);
  });

  it('compiles under ajv strict mode', () => {
    expect(() => compileSchema(schema)).not.toThrow();
  });

  it('is loaded as a fresh copy each time', () => {
    const first = loadEligibilitySchema(which);
    first.title = 'changed';
    expect(loadEligibilitySchema(which).title).not.toBe('changed');
  });
});

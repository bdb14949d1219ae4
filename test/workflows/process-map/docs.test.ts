import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPackageRoot } from '../../../workflows/rules/schema-files';
import { PROCESS_DOCS_DIR, processDocs, writeProcessDocs } from '../../../workflows/process-map/docs';
import { WORKFLOW_KINDS } from '../../../workflows/process-map';

const root = findPackageRoot(__dirname);

describe('docs/process/', () => {
  it('is what the statecharts generate', async () => {
    const generated = await processDocs();
    const stale = Object.entries(generated)
      .filter(([name, text]) => {
        try {
          return readFileSync(join(root, PROCESS_DOCS_DIR, name), 'utf8') !== text;
        } catch {
          return true;
        }
      })
      .map(([name]) => name);
    // If this fails: npm run docs
    expect(stale).toEqual([]);
  });

  it('has a page and a diagram for every workflow, listed in its README', async () => {
    const generated = await processDocs();
    for (const kind of WORKFLOW_KINDS) {
      expect(generated[`${kind}.md`]).toContain(`![The ${kind} workflow as a diagram`);
      expect(generated[`${kind}.svg`]).toMatch(/^<\?xml[\s\S]*<svg role="img"/);
      expect(generated['README.md']).toContain(`[${kind}](${kind}.md)`);
    }
    expect(generated['case.md']).toMatch(/\| `deciding` +\| `APPROVE` +\| the start and expiry dates/);
  });
});

describe('writeProcessDocs', () => {
  it('writes every file and leaves other files in the folder alone', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'process-docs-'));
    try {
      mkdirSync(join(folder, PROCESS_DOCS_DIR), { recursive: true });
      writeFileSync(join(folder, PROCESS_DOCS_DIR, 'CHANGELOG.md'), '# Changes\n');
      await writeProcessDocs(folder);
      const names = readdirSync(join(folder, PROCESS_DOCS_DIR)).sort();
      expect(names).toEqual(['CHANGELOG.md', ...Object.keys(await processDocs())].sort());
      expect(readFileSync(join(folder, PROCESS_DOCS_DIR, 'CHANGELOG.md'), 'utf8')).toBe('# Changes\n');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

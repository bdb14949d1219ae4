import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RULES, RULE_SETTING_DOCS, SOURCES, findPackageRoot } from '../../../workflows/rules';
import {
  RULES_DOC_PATH,
  renderRulesMarkdown,
  writeRulesDoc,
} from '../../../workflows/rules/generate-rules-doc';

const root = findPackageRoot(__dirname);
const docPath = join(root, RULES_DOC_PATH);

describe('docs/rules.md', () => {
  it('is up to date with the rule definitions', () => {
    const committed = readFileSync(docPath, 'utf8');
    // If this fails: npm run build && node dist/workflows/rules/generate-rules-doc.js
    expect(committed).toBe(renderRulesMarkdown());
  });

  it('is already formatted as prettier would format it', () => {
    const prettier = require.resolve('prettier/bin/prettier.cjs');
    expect(() =>
      execFileSync(process.execPath, [prettier, '--check', docPath], { cwd: root, stdio: 'pipe' }),
    ).not.toThrow();
  });

  it('shows every route, setting and source', () => {
    const markdown = renderRulesMarkdown();
    for (const rule of RULES) expect(markdown).toContain(`\`${rule.code}\``);
    for (const setting of RULE_SETTING_DOCS) expect(markdown).toContain(`\`${setting.key}\``);
    for (const [code, source] of Object.entries(SOURCES)) {
      expect(markdown).toContain(`| ${code} `);
      expect(markdown).toContain(source.title);
    }
  });

  it('has a table per nation and outcome, and lists the routes each nation lacks', () => {
    const markdown = renderRulesMarkdown();
    expect(markdown.match(/^### Eligible without further assessment$/gm)).toHaveLength(3);
    expect(markdown.match(/^### Eligible subject to further assessment$/gm)).toHaveLength(3);
    expect(markdown).toContain(
      '### Not available in England\n\n`ADP`, `CDP`, `TEMP`, `COGNITIVE`, `TRAF_RISK`.',
    );
    expect(markdown).toContain('### Not available in Wales\n\n`ADP`, `CDP`, `HIDDEN`, `TRAF_RISK`.');
  });
});

describe('writeRulesDoc', () => {
  it('writes the rendered markdown under the given root', () => {
    const folder = mkdtempSync(join(tmpdir(), 'rules-doc-'));
    try {
      mkdirSync(join(folder, 'docs'));
      const written = writeRulesDoc(folder);
      expect(written).toBe(join(folder, 'docs', 'rules.md'));
      expect(readFileSync(written, 'utf8')).toBe(renderRulesMarkdown());
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

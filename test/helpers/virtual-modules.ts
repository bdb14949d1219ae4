import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

/**
 * Loads the kit's TypeScript modules from a copy kept in memory, with some files changed: a test can try an
 * edit to the workflows without touching the repository. Relative imports resolve inside the copy (changed
 * files first, then the real ones); packages come from the kit's node_modules.
 */
export class VirtualModules {
  private readonly cache = new Map<string, { exports: unknown }>();
  private readonly packages: NodeJS.Require;

  constructor(
    private readonly root: string,
    private readonly changed: ReadonlyMap<string, string>,
  ) {
    this.packages = createRequire(path.join(root, 'package.json'));
  }

  /** A module by its path from the kit's root, e.g. `workflows/application/machine.ts`. */
  load<T = Record<string, unknown>>(relative: string): T {
    return this.requireFile(path.join(this.root, relative)) as T;
  }

  private read(file: string): string {
    return this.changed.get(path.relative(this.root, file)) ?? readFileSync(file, 'utf8');
  }

  private exists(file: string): boolean {
    return this.changed.has(path.relative(this.root, file)) || existsSync(file);
  }

  private resolve(from: string, specifier: string): string | undefined {
    if (!specifier.startsWith('.')) return undefined;
    const base = path.resolve(path.dirname(from), specifier);
    return [base, `${base}.ts`, path.join(base, 'index.ts')].find(
      (candidate) => /\.(ts|json)$/.test(candidate) && this.exists(candidate),
    );
  }

  private requireFile(file: string): unknown {
    const cached = this.cache.get(file);
    if (cached) return cached.exports;
    const module = { exports: {} as unknown };
    this.cache.set(file, module);
    const source = this.read(file);
    if (file.endsWith('.json')) {
      module.exports = JSON.parse(source);
      return module.exports;
    }
    const { outputText } = ts.transpileModule(source, {
      fileName: file,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
      },
    });
    const localRequire = Object.assign(
      (specifier: string) => {
        const resolved = this.resolve(file, specifier);
        return resolved ? this.requireFile(resolved) : this.packages(specifier);
      },
      // Modules that find a package's files (govuk-frontend's templates, the letters' fonts), and the
      // `require.main === module` of command-line entry points (never true here).
      { resolve: (specifier: string) => this.packages.resolve(specifier), main: undefined },
    );
    const run = new Function('exports', 'require', 'module', '__filename', '__dirname', outputText);
    run(module.exports, localRequire, module, file, path.dirname(file));
    return module.exports;
  }
}

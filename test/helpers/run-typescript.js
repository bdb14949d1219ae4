// Lets a child process run the kit's TypeScript source as the CLI would run dist/: `node -r
// ./test/helpers/run-typescript.js app/cli.ts start`. Each file is transpiled (no type checking, as in
// jest) to CommonJS on require, so a test can start a real server process without building the kit first.
const fs = require('node:fs');
const ts = require('typescript');

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      inlineSourceMap: true,
    },
  });
  module._compile(outputText, filename);
};

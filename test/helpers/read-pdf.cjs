// Reads a PDF from standard input and prints {"text", "pages"} as JSON: pdf.js (through pdf-parse) loads
// its worker with a dynamic import, which jest's module sandbox refuses, so tests run it in a child process.
const { Buffer } = require('node:buffer');
const { PDFParse } = require('pdf-parse');

const chunks = [];
process.stdin.on('data', (chunk) => chunks.push(chunk));
process.stdin.on('end', async () => {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  try {
    const result = await parser.getText();
    process.stdout.write(JSON.stringify({ text: result.text, pages: result.total }));
  } finally {
    await parser.destroy();
  }
});

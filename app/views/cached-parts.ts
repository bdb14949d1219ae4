import nunjucks from 'nunjucks';

/** Fixed parts per language, and a language navigation per page: more than the citizen pages have, a bound all the same. */
export const PARTS_REMEMBERED = 500;

interface Parser {
  nextToken(): { value: string };
  parseSignature(throwErrors: null, noParens: boolean): unknown;
  advanceAfterBlockEnd(name?: string): void;
  parseUntilBlocks(...names: string[]): unknown;
}

interface Nodes {
  CallExtension: new (extension: object, method: string, args: unknown, contentArgs: unknown[]) => unknown;
}

/**
 * `{% cached key, … %}…{% endcached %}` renders its body once per key and then serves the HTML it made.
 * For the layout's fixed parts (header, footer, service navigation, banners): govuk-frontend's macros are
 * the most expensive thing a page renders (each call includes its template and imports its helper
 * macros), yet these parts are the same on every page in a language. They are still made by the macros,
 * once. The key must name everything the body depends on (the language, the council's name, the mount
 * path…): a body rendered for one key is served to every page with that key.
 */
export class CachedPartsExtension {
  readonly tags = ['cached'];
  private readonly parts = new Map<string, string>();

  /** `remembered`: how many parts are kept at most (0: none, every body is rendered each time). */
  constructor(private readonly remembered = PARTS_REMEMBERED) {}

  parse(parser: Parser, nodes: Nodes) {
    const tag = parser.nextToken();
    const args = parser.parseSignature(null, true);
    parser.advanceAfterBlockEnd(tag.value);
    const body = parser.parseUntilBlocks('endcached');
    parser.advanceAfterBlockEnd();
    return new nodes.CallExtension(this, 'run', args, [body]);
  }

  run(_context: unknown, ...args: unknown[]) {
    const body = args.pop() as () => string;
    const key = JSON.stringify(args);
    let html = this.parts.get(key);
    if (html === undefined) {
      html = String(body());
      if (this.remembered > 0) {
        // The oldest goes first once the bound is reached (a Map iterates in insertion order).
        if (this.parts.size >= this.remembered) this.parts.delete(this.parts.keys().next().value!);
        this.parts.set(key, html);
      }
    }
    return new nunjucks.runtime.SafeString(html);
  }
}

import nunjucks from 'nunjucks';

type Callback = (error: Error | null, exported?: Record<string, unknown>) => void;
interface TemplateLike {
  env: nunjucks.Environment;
  getExported(ctx: unknown, parentFrame?: unknown, cb?: Callback): void;
}

/** Environments whose imports are remembered: the kit's own, with template caching on. */
const remembering = new WeakSet<nunjucks.Environment>();
/** What each template exported (its macros), by template object: a reloaded template is a new object. */
const exportsOf = new WeakMap<TemplateLike, Record<string, unknown>>();
let installed = false;

/**
 * `{% from "govuk/components/input/macro.njk" import govukInput %}` runs the imported template again on
 * every render to collect its macros, and govuk-frontend's own templates import their helper macros (label,
 * hint, error message…) inside each macro call: a question page ran dozens of imports. An import without
 * context exports what the template alone defines, so for `env` the first run's macros are kept and
 * handed out again. They render exactly as before: a Nunjucks macro keeps no state between calls.
 *
 * Imports `with context` (whose macros see the caller's variables) run every time, as do other
 * environments' (an embedding host's own Nunjucks is untouched).
 */
export function rememberImports(env: nunjucks.Environment): void {
  remembering.add(env);
  if (installed) return;
  installed = true;
  const prototype = (nunjucks.Template as unknown as { prototype: TemplateLike }).prototype;
  const getExported = prototype.getExported;
  prototype.getExported = function (this: TemplateLike, ctx: unknown, parentFrame?: unknown, cb?: Callback) {
    // Called as getExported(cb) for an import without context.
    if (typeof ctx !== 'function' || parentFrame !== undefined || !remembering.has(this.env)) {
      return getExported.call(this, ctx, parentFrame, cb);
    }
    const done = ctx as Callback;
    const known = exportsOf.get(this);
    if (known) return done(null, known);
    getExported.call(this, (error: Error | null, exported?: Record<string, unknown>) => {
      if (!error && exported) exportsOf.set(this, exported);
      done(error, exported);
    });
  };
}

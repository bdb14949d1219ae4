/**
 * The stateless eligibility API: POST /api/v1/eligibility and GET /api/v1/openapi.json.
 * JSON in, JSON out, no session and no CSRF (it changes nothing), so the app mounts it before its
 * CSRF middleware. Every client error is RFC 9457 problem+json, body-parser's included: never a 500.
 */
import express from 'express';
import {
  assessEligibility,
  resolveRuleSettings,
  validateEligibilityRequest,
  type CouncilRuleSettings,
  type EligibilityFieldError,
} from '../../workflows/rules';
import { buildOpenApiDocument, ELIGIBILITY_PATH, OPENAPI_PATH, PROBLEM_TYPES } from './openapi';

export interface EligibilityApiOptions {
  /** The nation comes from each request, never from the server. */
  nation?: never;
  /** The council's rule settings; anything not given takes DEFAULT_RULE_SETTINGS. */
  settings?: Partial<CouncilRuleSettings>;
}

const BODY_LIMIT = '1mb';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: EligibilityFieldError[];
}

export function sendProblem(res: express.Response, problem: Problem): void {
  res.status(problem.status).type('application/problem+json').json(problem);
}

/** Results describe a person's health: never cache them; never let a browser sniff them as HTML. */
function apiHeaders(_req: express.Request, res: express.Response, next: express.NextFunction): void {
  res.set({ 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  next();
}

function requireJson(req: express.Request, res: express.Response, next: express.NextFunction): void {
  if (req.is('application/json')) return next();
  sendProblem(res, {
    type: PROBLEM_TYPES.unsupportedMediaType,
    title: 'Unsupported media type',
    status: 415,
    detail: 'Send the request body as JSON with the header Content-Type: application/json.',
  });
}

/** body-parser's errors carry a `type` and a 4xx status; turn them into problems, pass anything else on. */
function bodyParserProblem(error: unknown): Problem | null {
  const { type, status } = (error ?? {}) as { type?: unknown; status?: unknown };
  if (typeof type !== 'string' || typeof status !== 'number' || status < 400 || status >= 500) return null;
  if (type === 'entity.parse.failed') {
    return {
      type: PROBLEM_TYPES.notJson,
      title: 'The body is not valid JSON',
      status: 400,
      detail: 'The request body could not be read as a JSON object.',
    };
  }
  if (type === 'entity.too.large') {
    return {
      type: PROBLEM_TYPES.tooLarge,
      title: 'The body is too large',
      status: 413,
      detail: 'The request body must be no larger than 1 MB.',
    };
  }
  if (status === 415) {
    return {
      type: PROBLEM_TYPES.unsupportedMediaType,
      title: 'Unsupported media type',
      status: 415,
      detail: 'Send the request body as UTF-8 JSON, without a content encoding.',
    };
  }
  return {
    type: PROBLEM_TYPES.badRequest,
    title: 'Bad request',
    status,
    detail: 'The request body could not be read.',
  };
}

export function createEligibilityApi(options: EligibilityApiOptions = {}): express.Router {
  // Resolved once, so a mistyped council setting stops the app starting rather than failing requests.
  const settings = resolveRuleSettings(options.settings);
  const openApiDocument = JSON.stringify(buildOpenApiDocument());
  const router = express.Router();

  router.post(ELIGIBILITY_PATH, apiHeaders, requireJson, express.json({ limit: BODY_LIMIT }), (req, res) => {
    const validation = validateEligibilityRequest(req.body);
    if (!validation.ok) {
      const count = validation.errors.length;
      return sendProblem(res, {
        type: PROBLEM_TYPES.invalidRequest,
        title: 'The eligibility request is not valid',
        status: 400,
        detail: `The request has ${count} ${count === 1 ? 'problem' : 'problems'}: see errors.`,
        errors: validation.errors,
      });
    }
    res.status(200).json(assessEligibility(validation.value, { settings }));
  });

  router.all(ELIGIBILITY_PATH, apiHeaders, (_req, res) => {
    res.set('Allow', 'POST');
    sendProblem(res, {
      type: PROBLEM_TYPES.methodNotAllowed,
      title: 'Method not allowed',
      status: 405,
      detail: `Use POST for ${ELIGIBILITY_PATH}.`,
    });
  });

  router.get(OPENAPI_PATH, (_req, res) => {
    res.type('application/json').send(openApiDocument);
  });

  router.use((error: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    const problem = bodyParserProblem(error);
    if (!problem || res.headersSent) return next(error);
    sendProblem(res, problem);
  });

  return router;
}

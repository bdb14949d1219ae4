import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { CaseContext } from '../../workflows/case/machine';
import { openRequest } from '../../workflows/case/machine';
import type { InformationRequest } from '../../workflows/case/records';
import type { ApplicantEmails } from '../notifications/applicant-emails';
import { applicantEmail } from '../letters/content';

/**
 * The secure links an applicant replies to a request for more information through: an unguessable
 * token (256 random bits) that answers one request of one case, with no sign-in. Only its hash is stored.
 */
const LINKS = 'information_request_links';
export const REPLY_PATH = '/more-information';

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

async function newReplyLink(
  trx: Knex.Transaction,
  caseId: string,
  request: InformationRequest,
  now: string,
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await trx(LINKS).insert({
    token_hash: hashOf(token),
    case_id: caseId,
    request_id: request.id,
    created_at: now,
  });
  return token;
}

/**
 * Emails the applicant the open request (or its reminder) with a fresh link to reply through, in the
 * transition's transaction. `linkBase` is the kit's public address and mount path.
 */
export async function emailInformationRequest(
  trx: Knex.Transaction,
  options: {
    emails?: ApplicantEmails;
    linkBase: string;
    caseRow: { id: string; council_id?: unknown };
    context: CaseContext;
    reminder: boolean;
    now: string;
  },
): Promise<void> {
  const request = openRequest(options.context);
  if (!request) throw new Error('No open request for information');
  const token = await newReplyLink(trx, options.caseRow.id, request, options.now);
  await options.emails?.moreInformation(trx, {
    councilId: String(options.caseRow.council_id),
    reference: options.context.reference,
    to: applicantEmail(options.context),
    language: options.context.language ?? 'en',
    request: request.whatIsNeeded,
    link: `${options.linkBase}${REPLY_PATH}/${token}`,
    dueDate: request.dueDate,
    reminder: options.reminder,
    now: options.now,
  });
}

/** The case and request a token answers, if it is a real, unused link. */
export async function findReplyLink(
  db: Knex,
  token: string,
): Promise<{ caseId: string; requestId: string } | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const row = (await db(LINKS)
    .where({ token_hash: hashOf(token) })
    .whereNull('used_at')
    .first()) as { case_id: string; request_id: string } | undefined;
  return row ? { caseId: row.case_id, requestId: row.request_id } : undefined;
}

/** Every link to a request stops working once it is answered. */
export async function closeReplyLinks(
  trx: Knex | Knex.Transaction,
  caseId: string,
  requestId: string,
  now: string,
): Promise<void> {
  await trx(LINKS)
    .where({ case_id: caseId, request_id: requestId })
    .whereNull('used_at')
    .update({ used_at: now });
}

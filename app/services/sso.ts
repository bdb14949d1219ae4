import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { BaseClient, IdTokenClaims } from 'openid-client';
import { ROLES, type Role } from '../../workflows/permissions';
import type { SsoConfig } from '../config-sso';
import type { Actor } from '../engine/actor';
import { auditStaffAccount, findStaffUser, NO_PASSWORD, normaliseEmail, type StaffUser } from './staff';

type OpenIdClient = typeof import('openid-client');
let openIdClient: OpenIdClient | undefined;

/** openid-client is loaded at the first sign-on, not at start: a kit without single sign-on never needs it. */
function openId(): OpenIdClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  openIdClient ??= require('openid-client') as OpenIdClient;
  return openIdClient;
}

/** What the kit keeps in the session between sending someone to the provider and their coming back. */
export interface PendingSignOn {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** Epoch milliseconds: a sign-on not finished within SIGN_ON_TTL_MS must start again. */
  startedAt: number;
}

export const SIGN_ON_TTL_MS = 10 * 60 * 1000;

/** Why a sign-on did not end in a session; each has its own page (views/staff/sso-refused.njk). */
export type SignOnFailure =
  | 'provider-unavailable'
  | 'cancelled'
  | 'provider-error'
  | 'expired'
  | 'invalid-response'
  | 'no-email'
  | 'no-role'
  | 'disabled'
  | 'subject-mismatch'
  | 'email-unverified';

export class SignOnError extends Error {
  constructor(
    readonly reason: SignOnFailure,
    detail?: string,
  ) {
    super(detail ? `${reason}: ${detail}` : reason);
    this.name = 'SignOnError';
  }
}

/** Audit rows for changes single sign-on makes to an account: the provider's groups caused them. */
const SSO_ACTOR: Actor = { type: 'system', name: 'single sign-on' };

/** The password hash of accounts that only sign in through the provider (argon2 never verifies it). */
export { NO_PASSWORD };

/** The provider's answer for a person: who they are and which groups they are in. */
export interface SignOnIdentity {
  subject: string;
  email: string;
  name: string;
  groups: string[];
  /** The provider said the email address is the person's (`email_verified: true`). */
  emailVerified: boolean;
}

/**
 * The relying party: openid-client 5 (the CommonJS major; 6 is ESM-only, which ts-jest cannot load).
 * The provider's discovery document is read at the first sign-on, not at start-up, so a provider that
 * is down stops single sign-on only, and a failed read is tried again next time.
 */
export class SsoClient {
  private client?: Promise<BaseClient>;

  constructor(readonly config: SsoConfig) {}

  private async discover(): Promise<BaseClient> {
    if (!this.client) {
      this.client = openId()
        .Issuer.discover(this.config.issuer)
        .then(
          (issuer) =>
            new issuer.Client({
              client_id: this.config.clientId,
              client_secret: this.config.clientSecret,
              redirect_uris: [this.config.redirectUri],
              response_types: ['code'],
            }),
        );
      this.client.catch(() => (this.client = undefined));
    }
    try {
      const client = await this.client;
      client[openId().custom.http_options] = () => ({ timeout: 5000 });
      return client;
    } catch (error) {
      throw new SignOnError('provider-unavailable', (error as Error).message);
    }
  }

  /** The provider's authorisation URL, and what must be kept to check the answer (state, nonce, PKCE). */
  async start(now = Date.now()): Promise<{ url: string; pending: PendingSignOn }> {
    const client = await this.discover();
    const { generators } = openId();
    const pending: PendingSignOn = {
      state: generators.state(),
      nonce: generators.nonce(),
      codeVerifier: generators.codeVerifier(),
      startedAt: now,
    };
    const url = client.authorizationUrl({
      scope: 'openid email profile',
      redirect_uri: this.config.redirectUri,
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: generators.codeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url, pending };
  }

  /**
   * Checks the provider's answer against what was kept, swaps the code for tokens (with the PKCE
   * verifier) and validates the ID token: signature, issuer, audience, expiry and nonce are
   * openid-client's work. Returns who the person is, from the ID token's claims.
   */
  async finish(
    callbackUrl: string,
    pending: PendingSignOn | undefined,
    now = Date.now(),
  ): Promise<SignOnIdentity> {
    if (!pending || now - pending.startedAt > SIGN_ON_TTL_MS) throw new SignOnError('expired');
    const client = await this.discover();
    const params = client.callbackParams(callbackUrl);
    if (params.error === 'access_denied') throw new SignOnError('cancelled', params.error_description);
    let claims: IdTokenClaims;
    try {
      const tokens = await client.callback(this.config.redirectUri, params, {
        response_type: 'code',
        state: pending.state,
        nonce: pending.nonce,
        code_verifier: pending.codeVerifier,
      });
      claims = tokens.claims();
    } catch (error) {
      const { errors } = openId();
      if (error instanceof errors.OPError) throw new SignOnError('provider-error', error.message);
      if (error instanceof errors.RPError) throw new SignOnError('invalid-response', error.message);
      // A network failure talking to the token endpoint has a Node error code (ECONNREFUSED, ETIMEDOUT…).
      const code = (error as { code?: unknown }).code;
      throw new SignOnError(
        typeof code === 'string' ? 'provider-unavailable' : 'invalid-response',
        (error as Error).message,
      );
    }
    return identityFrom(claims, this.config.groupClaim);
  }
}

function identityFrom(claims: IdTokenClaims, groupClaim: string): SignOnIdentity {
  // Entra ID puts the sign-in name in preferred_username and sends email only when configured to.
  const email = [claims.email, claims.preferred_username].find(
    (value): value is string => typeof value === 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value),
  );
  if (!email) throw new SignOnError('no-email');
  const raw = claims[groupClaim];
  const groups = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? [raw] : [];
  const name = typeof claims.name === 'string' && claims.name.trim() !== '' ? claims.name.trim() : email;
  return {
    subject: claims.sub,
    email: normaliseEmail(email),
    name: name.slice(0, 200),
    groups,
    emailVerified: claims.email_verified === true && email === claims.email,
  };
}

/** The highest role any of the person's groups gives, or undefined when none is mapped. */
export function roleFromGroups(groups: string[], roleGroups: SsoConfig['roleGroups']): Role | undefined {
  const roles = roleGroups.filter(({ group }) => groups.includes(group)).map(({ role }) => role);
  return roles.sort((a, b) => ROLES.indexOf(b) - ROLES.indexOf(a))[0];
}

interface AccountRow {
  id: string;
  council_id: string;
  email: string;
  role: string;
  disabled: boolean | number;
  sso_subject: string | null;
  password_change_required: boolean | number;
}

/**
 * The account for a person the provider vouched for: found by their subject, else by email (linking
 * it), else created. Its role follows the provider's groups at every sign-on. Refuses someone in no
 * mapped group and an account an administrator disabled. Every change is audited in its transaction.
 */
export async function signOnStaff(
  db: Knex,
  councilId: string,
  identity: SignOnIdentity,
  config: Pick<SsoConfig, 'roleGroups' | 'linkByEmail'>,
  now: Date = new Date(),
): Promise<StaffUser> {
  const role = roleFromGroups(identity.groups, config.roleGroups);
  // An existing account refused a sign-on: recorded on it once the transaction has rolled back.
  let refused: { id: string; disabled: boolean } | undefined;
  const refuse = (row: AccountRow, reason: SignOnFailure) => {
    refused = { id: row.id, disabled: Boolean(row.disabled) };
    return new SignOnError(reason);
  };
  const id = await db
    .transaction(async (trx) => {
      const columns = [
        'id',
        'council_id',
        'email',
        'role',
        'disabled',
        'sso_subject',
        'password_change_required',
      ];
      const bySubject = (await trx('staff_users').where({ sso_subject: identity.subject }).first(columns)) as
        AccountRow | undefined;
      const byEmail = bySubject
        ? undefined
        : ((await trx('staff_users').where({ email: identity.email }).first(columns)) as
            AccountRow | undefined);
      const row = bySubject ?? byEmail;
      if (row && row.council_id !== councilId) throw new SignOnError('subject-mismatch', 'another council');
      // The email belongs to an account someone else at the provider already signed on to.
      if (byEmail && byEmail.sso_subject !== null) throw refuse(byEmail, 'subject-mismatch');
      // Taking over an account by its email needs an address the provider vouches for, or the council's say-so.
      if (byEmail && !identity.emailVerified && !config.linkByEmail)
        throw refuse(byEmail, 'email-unverified');
      if (row && Boolean(row.disabled)) throw refuse(row, 'disabled');
      if (!role) throw row ? refuse(row, 'no-role') : new SignOnError('no-role');
      const status = 'active';
      if (!row) {
        const newId = randomUUID();
        await trx('staff_users').insert({
          id: newId,
          council_id: councilId,
          email: identity.email,
          name: identity.name,
          role,
          password_hash: NO_PASSWORD,
          disabled: false,
          failed_attempts: 0,
          locked_until: null,
          session_version: 1,
          password_change_required: false,
          created_at: now.toISOString(),
          sso_subject: identity.subject,
        });
        await auditStaffAccount(
          trx,
          newId,
          'ACCOUNT_CREATED',
          status,
          SSO_ACTOR,
          now,
          { email: identity.email, role, via: 'single sign-on' },
          null,
        );
        await auditStaffAccount(trx, newId, 'SIGNED_ON', status, SSO_ACTOR, now, { role });
        return newId;
      }
      if (byEmail) {
        // A one-time password nobody used yet is void once the person signs on with the provider.
        await trx('staff_users')
          .where({ id: row.id })
          .update({
            sso_subject: identity.subject,
            ...(row.password_change_required
              ? { password_hash: NO_PASSWORD, password_change_required: false }
              : {}),
          });
        await auditStaffAccount(trx, row.id, 'SSO_LINKED', status, SSO_ACTOR, now, { email: row.email });
      }
      if (row.role !== role) {
        await trx('staff_users').where({ id: row.id }).update({ role });
        await auditStaffAccount(trx, row.id, 'ROLE_CHANGED', status, SSO_ACTOR, now, {
          from: row.role,
          to: role,
          via: 'single sign-on',
        });
      }
      await auditStaffAccount(trx, row.id, 'SIGNED_ON', status, SSO_ACTOR, now, { role });
      return row.id;
    })
    .catch(async (error: unknown) => {
      if (refused && error instanceof SignOnError) {
        const { id: refusedId, disabled } = refused;
        const state = disabled ? 'disabled' : 'active';
        await db.transaction((trx) =>
          auditStaffAccount(trx, refusedId, 'SIGN_ON_REFUSED', state, SSO_ACTOR, now, {
            reason: error.reason,
            subject: identity.subject,
          }),
        );
      }
      throw error;
    });
  const user = await findStaffUser(db, id);
  if (!user) throw new Error(`Staff user ${id} has gone`);
  return user;
}

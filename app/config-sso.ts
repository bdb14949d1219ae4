import { isRole, ROLES, type Role } from '../workflows/permissions';

/**
 * Single sign-on with the council's identity provider over OpenID Connect (authorisation code with
 * PKCE), read from the environment because the client secret is a secret and the rest is deployment.
 * Absent unless OIDC_ISSUER is set. The README's configuration table documents the same variables.
 */
export interface SsoConfig {
  /** The provider's issuer URL; its `/.well-known/openid-configuration` is read at the first sign-on. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** `<kit>/staff/sso/callback` as registered with the provider. */
  redirectUri: string;
  /** The ID token claim holding the person's groups (Entra ID: `groups`, the group object ids). */
  groupClaim: string;
  /** Which group gives which role. Someone in several mapped groups gets the highest role. */
  roleGroups: Array<{ role: Role; group: string }>;
  /** Whether the kit's own email and password sign-in stays on beside single sign-on. */
  allowPasswordSignIn: boolean;
  /**
   * Link an existing account to a first sign-on by email address even when the ID token does not say
   * the address is verified (`email_verified`). Entra ID never says so; its email claim can be set by
   * others in a directory with guests, so this is off unless the council turns it on.
   */
  linkByEmail?: boolean;
}

/** `administrator=<group>,team-manager=<group>`; a role may be named more than once. */
export function parseRoleGroups(value: string, problems: string[]): SsoConfig['roleGroups'] {
  const pairs: SsoConfig['roleGroups'] = [];
  for (const part of value.split(',').map((p) => p.trim())) {
    if (part === '') continue;
    const at = part.indexOf('=');
    const role = at > 0 ? part.slice(0, at).trim() : '';
    const group = at > 0 ? part.slice(at + 1).trim() : '';
    if (!isRole(role) || group === '') {
      problems.push(
        `OIDC_ROLE_GROUPS must be role=group pairs separated by commas, with roles from ${ROLES.join(', ')} (got "${part}")`,
      );
      continue;
    }
    pairs.push({ role, group });
  }
  return pairs;
}

/** An https URL, or outside production http too (a provider or store on this machine in the tests). */
export function isHttpUrl(value: string, production: boolean): boolean {
  try {
    const url = new URL(value);
    // Outside production a provider on this machine may use plain http (the tests run one).
    return url.protocol === 'https:' || (!production && url.protocol === 'http:');
  } catch {
    return false;
  }
}

export function readSsoConfig(
  env: NodeJS.ProcessEnv,
  production: boolean,
  problems: string[],
): SsoConfig | undefined {
  const issuer = (env.OIDC_ISSUER ?? '').trim();
  if (issuer === '') {
    const stray = ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_ROLE_GROUPS'].filter((key) => env[key]);
    if (stray.length > 0) problems.push(`${stray.join(', ')} set but OIDC_ISSUER is not: set it too`);
    return undefined;
  }
  const must = production ? 'an https URL' : 'an http or https URL';
  if (!isHttpUrl(issuer, production)) problems.push(`OIDC_ISSUER must be ${must} (got "${issuer}")`);
  const clientId = (env.OIDC_CLIENT_ID ?? '').trim();
  if (clientId === '') problems.push('OIDC_CLIENT_ID is required when OIDC_ISSUER is set');
  const clientSecret = env.OIDC_CLIENT_SECRET ?? '';
  if (clientSecret === '') problems.push('OIDC_CLIENT_SECRET is required when OIDC_ISSUER is set');
  const redirectUri = (env.OIDC_REDIRECT_URI ?? '').trim();
  if (!isHttpUrl(redirectUri, production) || !redirectUri.endsWith('/staff/sso/callback')) {
    problems.push(
      `OIDC_REDIRECT_URI must be ${must} ending /staff/sso/callback, as registered with the provider (got "${redirectUri}")`,
    );
  }
  const groupClaim = (env.OIDC_GROUP_CLAIM ?? '').trim() || 'groups';
  const roleGroups = parseRoleGroups(env.OIDC_ROLE_GROUPS ?? '', problems);
  if (roleGroups.length === 0 && !problems.some((p) => p.startsWith('OIDC_ROLE_GROUPS')))
    problems.push('OIDC_ROLE_GROUPS is required when OIDC_ISSUER is set, e.g. administrator=<group id>');
  const allow = (env.OIDC_ALLOW_PASSWORD_SIGN_IN ?? '').trim();
  if (!['', 'true', 'false'].includes(allow))
    problems.push('OIDC_ALLOW_PASSWORD_SIGN_IN must be true or false');
  const link = (env.OIDC_LINK_BY_EMAIL ?? '').trim();
  if (!['', 'true', 'false'].includes(link)) problems.push('OIDC_LINK_BY_EMAIL must be true or false');
  return {
    issuer,
    clientId,
    clientSecret,
    redirectUri,
    groupClaim,
    roleGroups,
    allowPasswordSignIn: allow !== 'false',
    linkByEmail: link === 'true',
  };
}

import { loadConfig } from '../../app/config';
import { configProblems } from '../helpers/config';

const SSO = {
  OIDC_ISSUER: 'https://login.microsoftonline.com/tenant-id/v2.0',
  OIDC_CLIENT_ID: 'client-id',
  OIDC_CLIENT_SECRET: 'client-secret',
  OIDC_REDIRECT_URI: 'https://badges.example.gov.uk/staff/sso/callback',
  OIDC_ROLE_GROUPS: 'administrator=group-a, assessor=group-b,assessor=group-c',
};

describe('single sign-on configuration (OIDC_*)', () => {
  it('is off unless OIDC_ISSUER is set', () => {
    expect(loadConfig({}).sso).toBeUndefined();
  });

  it('reads every OIDC variable, with groups as the default claim and password sign-in on', () => {
    expect(loadConfig(SSO).sso).toEqual({
      issuer: SSO.OIDC_ISSUER,
      clientId: 'client-id',
      clientSecret: 'client-secret',
      redirectUri: SSO.OIDC_REDIRECT_URI,
      groupClaim: 'groups',
      roleGroups: [
        { role: 'administrator', group: 'group-a' },
        { role: 'assessor', group: 'group-b' },
        { role: 'assessor', group: 'group-c' },
      ],
      allowPasswordSignIn: true,
      linkByEmail: false,
    });
    const custom = loadConfig({
      ...SSO,
      OIDC_GROUP_CLAIM: 'roles',
      OIDC_ALLOW_PASSWORD_SIGN_IN: 'false',
      OIDC_LINK_BY_EMAIL: 'true',
    }).sso;
    expect(custom).toMatchObject({ groupClaim: 'roles', allowPasswordSignIn: false, linkByEmail: true });
  });

  it('names each missing or bad value', () => {
    const problems = configProblems({
      OIDC_ISSUER: 'login.example',
      OIDC_REDIRECT_URI: 'https://badges.example.gov.uk/callback',
      OIDC_ROLE_GROUPS: 'boss=group-a',
      OIDC_ALLOW_PASSWORD_SIGN_IN: 'no',
      OIDC_LINK_BY_EMAIL: 'maybe',
    }).join('\n');
    expect(problems).toMatch(/OIDC_ISSUER must be an http or https URL/);
    expect(problems).toMatch(/OIDC_CLIENT_ID is required/);
    expect(problems).toMatch(/OIDC_CLIENT_SECRET is required/);
    expect(problems).toMatch(/OIDC_REDIRECT_URI must be .* ending \/staff\/sso\/callback/);
    expect(problems).toMatch(/OIDC_ROLE_GROUPS must be role=group pairs .* \(got "boss=group-a"\)/);
    expect(problems).toMatch(/OIDC_ALLOW_PASSWORD_SIGN_IN must be true or false/);
    expect(problems).toMatch(/OIDC_LINK_BY_EMAIL must be true or false/);
  });

  it('needs https in production and a role mapping, and notices OIDC settings without an issuer', () => {
    const production = { NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(32) };
    expect(configProblems({ ...production, ...SSO, OIDC_ISSUER: 'http://login.example' }).join('\n')).toMatch(
      /OIDC_ISSUER must be an https URL/,
    );
    expect(configProblems({ ...SSO, OIDC_ROLE_GROUPS: '' }).join('\n')).toMatch(
      /OIDC_ROLE_GROUPS is required/,
    );
    expect(configProblems({ OIDC_CLIENT_ID: 'x' }).join('\n')).toMatch(
      /OIDC_CLIENT_ID set but OIDC_ISSUER is not/,
    );
  });
});

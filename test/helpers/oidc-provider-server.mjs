/* global process, console, URL */
/**
 * A real OpenID Connect provider (the `oidc-provider` package) for the single sign-on tests, run in its
 * own Node process because the package is ES modules only and jest loads the tests as CommonJS.
 * Started by test/helpers/oidc-provider.ts, which passes the clients as JSON in argv[2] and reads the
 * issuer URL from the first line this prints.
 *
 * Its quick-start login and consent pages (devInteractions) accept any login as the account id. Two
 * test-only endpoints: PUT /test/accounts/<id> sets an account's claims (JSON body), and
 * GET /test/authorizations lists the query of every authorisation request received, so a test can see
 * what the relying party sent (code_challenge, nonce…).
 */
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const { clients } = JSON.parse(process.argv[2] ?? '{}');
const accounts = new Map();
const authorizations = [];

const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients,
    // Like Entra ID with the "groups" optional claim: the groups are in the ID token itself.
    claims: { openid: ['sub', 'groups'], email: ['email', 'email_verified'], profile: ['name'] },
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    cookies: { keys: ['test-only-cookie-key'] },
    async findAccount(_ctx, id) {
      const claims = accounts.get(id);
      return claims && { accountId: id, claims: async () => ({ sub: id, ...claims }) };
    },
  });
  const callback = provider.callback();
  server.on('request', (req, res) => {
    const url = new URL(req.url, issuer);
    const account = /^\/test\/accounts\/([^/]+)$/.exec(url.pathname);
    if (account && req.method === 'PUT') {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        accounts.set(decodeURIComponent(account[1]), JSON.parse(body));
        res.writeHead(204).end();
      });
      return;
    }
    if (url.pathname === '/test/authorizations') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(authorizations));
      return;
    }
    if (url.pathname === '/auth') authorizations.push(Object.fromEntries(url.searchParams));
    callback(req, res);
  });
  console.log(JSON.stringify({ issuer }));
});

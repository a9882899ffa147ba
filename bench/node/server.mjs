// oidc-provider on loopback for the token-endpoint benchmark: one public client with PKCE,
// RS256 ID tokens, in-memory storage. A second port mints authorization codes directly
// (as our simulator's tester API does), so only the token exchange is measured.
// Run: node server.mjs PORT MINT_PORT
import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import Provider from 'oidc-provider';

const [port, mintPort] = process.argv.slice(2).map(Number);
const issuer = `http://127.0.0.1:${port}`;
const CALLBACK = 'http://rp.example.test/esia/callback';
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'bench', alg: 'RS256', use: 'sig' };

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'bench',
    token_endpoint_auth_method: 'none',
    redirect_uris: [CALLBACK],
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }],
  jwks: { keys: [jwk] },
  findAccount: (ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
  features: { devInteractions: { enabled: false } },
});

async function mint(count, challenge) {
  const client = await provider.Client.find('bench');
  const codes = [];
  for (let i = 0; i < count; i += 1) {
    const grant = new provider.Grant({ accountId: '1000000101', clientId: 'bench' });
    grant.addOIDCScope('openid');
    const grantId = await grant.save();
    const code = new provider.AuthorizationCode({
      accountId: '1000000101',
      client,
      grantId,
      redirectUri: CALLBACK,
      scope: 'openid',
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
      authTime: Math.floor(Date.now() / 1000),
      nonce: 'n1',
    });
    codes.push(await code.save());
  }
  return codes;
}

provider.listen(port, '127.0.0.1');
http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  try {
    const codes = await mint(Number(url.searchParams.get('n')), url.searchParams.get('challenge'));
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(codes));
  } catch (error) {
    res.statusCode = 500;
    res.end(String(error.stack));
  }
}).listen(mintPort, '127.0.0.1');

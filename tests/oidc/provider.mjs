// A real OpenID Connect provider for the single sign-on tests (tests/web/test_single_sign_on.py).
//
// It listens on 127.0.0.1 on a free port and prints "listening <issuer>" once it answers. The tests
// give it, through the environment:
//   OIDC_ACCOUNTS       JSON {account id: claims}, e.g. {"alice": {"email": "alice@council.example",
//                       "email_verified": true}}; the account signed in is the authorization request's
//                       login_hint, so each test chooses who signs in without a login form;
//   OIDC_REDIRECT_URIS  JSON list of the app's callback addresses (the one static client "tracker");
//   OIDC_CLOCK_OFFSET   seconds added to the provider's clock (negative: every token it issues is
//                       already old, so an expired ID token arrives at the app).
// Interactions are automatic: login with the login_hint's account, consent to what is asked.

import http from "node:http";
import Provider from "oidc-provider";

const offset = Number(process.env.OIDC_CLOCK_OFFSET || "0") * 1000;
if (offset) {
  const realNow = Date.now;
  Date.now = () => realNow() + offset;
}
const accounts = JSON.parse(process.env.OIDC_ACCOUNTS || "{}");
const redirectUris = JSON.parse(process.env.OIDC_REDIRECT_URIS || "[]");

const server = http.createServer();
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: "tracker",
      client_secret: "tracker-test-secret",
      redirect_uris: redirectUris,
      grant_types: ["authorization_code"],
      response_types: ["code"],
    },
  ],
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  // Entra ID and Google put the email in the ID token itself; so does this provider.
  conformIdTokenClaims: false,
  cookies: { keys: ["tracker-test-cookie-key"] },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  // An hour for what lives in cookies: with the clock put back, a shorter cookie would expire on arrival.
  ttl: { IdToken: 60, AccessToken: 60, AuthorizationCode: 60, Interaction: 3600, Session: 3600, Grant: 3600 },
  async findAccount(ctx, id) {
    if (!(id in accounts)) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...accounts[id] }) };
  },
});
provider.proxy = false;

async function interact(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === "login") {
    const accountId = details.params.login_hint;
    const result = accountId in accounts
      ? { login: { accountId } }
      : { error: "access_denied", error_description: "no such test account" };
    return provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
  }
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
  const missing = details.prompt.details;
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  const grantId = await grant.save();
  return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

const handle = provider.callback();
server.on("request", (req, res) => {
  if (req.url.startsWith("/interaction/")) {
    interact(req, res).catch((error) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  } else {
    handle(req, res);
  }
});
process.stdout.write(`listening ${issuer}\n`);

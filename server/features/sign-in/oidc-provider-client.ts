/**
 * The identity provider, as `openid-client` (OpenID Certified) speaks to it: discovery of its
 * endpoints, the authorization code flow with PKCE, state and nonce, the user's claims, and the
 * provider's end-session endpoint where it has one. Back-channel logout tokens, which
 * openid-client does not read, are checked with `jose` (the JOSE library openid-client is built on).
 *
 * Discovery happens at the first sign-in, not at start-up, and is retried after a failure, so a
 * provider that is down while the server starts does not keep the boards from working.
 */
import { createRemoteJWKSet, jwtVerify } from 'jose'
import * as oidc from 'openid-client'

/** The event a logout token carries (OpenID Connect Back-Channel Logout 1.0). */
const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout'
/** How old a logout token may be (seconds): older ones are refused, and each one is remembered that long. */
const LOGOUT_TOKEN_MAX_AGE_S = 120

export interface OidcSettings {
  issuer: string
  clientId: string
  clientSecret: string
  /** Space-separated scopes; `openid` is always among them. */
  scopes: string
  /**
   * Which claims give the facilitator's name, e-mail address, user name and organisation, and
   * which one says the provider checked the e-mail address (`true`, or the string "true" as some
   * providers send it). A provider that does not send that claim vouches for nothing: its
   * addresses do not receive e-mail shares. `emailVerified` null: every address it sends counts as
   * checked (for a provider that checks them all and says so nowhere; the operator's decision).
   */
  claims: { name: string; email: string; username: string; organisation: string | null; emailVerified: string | null }
}

/** What the browser keeps (signed) between leaving for the provider and coming back. */
export interface PendingSignIn {
  state: string
  nonce: string
  verifier: string
  /** Where to go back to on this server (a path). */
  returnTo: string
  /** ms since epoch after which the answer is refused. */
  expiresAt: number
}

/** What a finished sign-in says about the person. */
export interface SignedInPerson {
  subject: string
  claims: Record<string, unknown>
  idToken: string | null
  /** The provider's session (`sid` of the ID token), or null when it sends none. */
  sid: string | null
}

/** Whom a verified logout token signs out: a user (`subject`), a provider session (`sid`), or that session of that user. */
export interface LogoutRequest {
  subject: string | null
  sid: string | null
}

export class OidcProviderClient {
  private configuration: Promise<oidc.Configuration> | null = null
  /** The provider's signing keys, fetched when a logout token first needs them (and again for a key they do not have). */
  private keys: ReturnType<typeof createRemoteJWKSet> | null = null
  /**
   * The `jti`s of logout tokens taken in the last `LOGOUT_TOKEN_MAX_AGE_S`, with when each may be
   * forgotten (ms): the same token twice is refused. Per process: a copy sent to another server of
   * a cluster is taken there once too, which only ends the same sessions again.
   */
  private readonly takenLogoutTokens = new Map<string, number>()

  constructor(private readonly settings: OidcSettings) {}

  /** Where to send the browser to sign in, and what it must bring back. */
  async startSignIn(redirectUri: string, returnTo: string, expiresAt: number): Promise<{ url: URL; pending: PendingSignIn }> {
    const config = await this.config()
    const pending: PendingSignIn = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      verifier: oidc.randomPKCECodeVerifier(),
      returnTo,
      expiresAt,
    }
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: this.scopes(),
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    })
    return { url, pending }
  }

  /**
   * Takes the provider's answer at `callbackUrl`: checks state, exchanges the code with the PKCE
   * verifier, checks the ID token and its nonce, and reads the claims (ID token and userinfo).
   * Throws for anything that does not check out.
   */
  async finishSignIn(callbackUrl: URL, pending: PendingSignIn): Promise<SignedInPerson> {
    const config = await this.config()
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    })
    const idClaims = tokens.claims()
    if (!idClaims) throw new Error('the provider sent no ID token')
    const userInfo = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub)
    const sid = typeof idClaims.sid === 'string' ? idClaims.sid : null
    return { subject: idClaims.sub, claims: { ...idClaims, ...userInfo }, idToken: tokens.id_token ?? null, sid }
  }

  /**
   * Checks a back-channel logout token: signed with one of the provider's keys (its `jwks_uri`),
   * from this issuer, for this client, at most `LOGOUT_TOKEN_MAX_AGE_S` old, with a `jti` not
   * seen before, the back-channel logout event and no nonce (so an ID token cannot pass for one),
   * naming a user or a session. Throws for anything else.
   */
  async verifyLogoutToken(token: string): Promise<LogoutRequest> {
    const metadata = (await this.config()).serverMetadata()
    if (!metadata.jwks_uri) throw new Error('the provider publishes no keys (jwks_uri)')
    this.keys ??= createRemoteJWKSet(new URL(metadata.jwks_uri))
    const { payload } = await jwtVerify(token, this.keys, {
      issuer: metadata.issuer,
      audience: this.settings.clientId,
      maxTokenAge: LOGOUT_TOKEN_MAX_AGE_S,
      requiredClaims: ['iat', 'jti'],
    })
    const events = payload.events as Record<string, unknown> | undefined
    const event = events && typeof events === 'object' ? events[BACKCHANNEL_LOGOUT_EVENT] : undefined
    if (!event || typeof event !== 'object') throw new Error('not a logout token: it has no back-channel logout event')
    if ('nonce' in payload) throw new Error('not a logout token: it has a nonce')
    const subject = typeof payload.sub === 'string' ? payload.sub : null
    const sid = typeof payload.sid === 'string' ? payload.sid : null
    if (subject === null && sid === null) throw new Error('the logout token names neither a user (sub) nor a session (sid)')
    this.takeOnce(String(payload.jti), (payload.iat! + LOGOUT_TOKEN_MAX_AGE_S) * 1000)
    return { subject, sid }
  }

  /** The provider's sign-out address for this session, or null when it has none. */
  async endSessionUrl(idToken: string | null, postLogoutRedirectUri: string): Promise<string | null> {
    const config = await this.config()
    if (!config.serverMetadata().end_session_endpoint) return null
    const parameters: Record<string, string> = { post_logout_redirect_uri: postLogoutRedirectUri, client_id: this.settings.clientId }
    if (idToken) parameters.id_token_hint = idToken
    return oidc.buildEndSessionUrl(config, parameters).href
  }

  /** Remembers a logout token's `jti` until `forgetAt`; throws when it was taken already. */
  private takeOnce(jti: string, forgetAt: number): void {
    const now = Date.now()
    for (const [taken, until] of this.takenLogoutTokens) if (until <= now) this.takenLogoutTokens.delete(taken)
    if (this.takenLogoutTokens.has(jti)) throw new Error('this logout token was used already')
    this.takenLogoutTokens.set(jti, forgetAt)
  }

  get issuer(): string {
    return this.settings.issuer
  }

  get claimNames(): OidcSettings['claims'] {
    return this.settings.claims
  }

  private scopes(): string {
    const scopes = new Set(['openid', ...this.settings.scopes.split(/\s+/).filter(Boolean)])
    return [...scopes].join(' ')
  }

  private config(): Promise<oidc.Configuration> {
    this.configuration ??= this.discover().catch((error: unknown) => {
      this.configuration = null
      throw error
    })
    return this.configuration
  }

  private discover(): Promise<oidc.Configuration> {
    const issuer = new URL(this.settings.issuer)
    // Plain HTTP only when the operator configured an http:// issuer (a provider on the same host or in tests).
    const insecure = issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : undefined
    return oidc.discovery(issuer, this.settings.clientId, this.settings.clientSecret, undefined, insecure)
  }
}

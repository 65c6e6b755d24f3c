/**
 * Facilitators' sign-in through the organisation's OpenID Connect provider (OIDC_ISSUER,
 * OIDC_CLIENT_ID, OIDC_CLIENT_SECRET). Participants, viewers, phones and the stage never sign in:
 * they join by link as before. What signing in gives: creating boards (creation guard), and the
 * facilitator's own list of meetings.
 *   GET  /auth/login?return=/path -> 302 to the provider; a signed `gb_signin` cookie (10 minutes)
 *        carries state, nonce and the PKCE verifier, so the answer is checked against this browser
 *   GET  /auth/callback           -> the provider's answer: state, code (with PKCE), ID token and
 *        nonce checked; a session in the signed `gb_session` cookie; 302 back. A forged, replayed
 *        or expired answer gets 400 and no session
 *   POST /auth/logout             -> the session deleted and its cookie removed; { next }: where the
 *        browser goes on to, the provider's end-session endpoint (which comes back to the start
 *        page) or the start page. Not a redirect: the pages' CSP lets forms post only to this server
 *   POST /auth/backchannel-logout -> the provider's back-channel logout (a form with `logout_token`):
 *        the token checked (oidc-provider-client.ts), the sessions of the provider session (`sid`)
 *        and/or user (`sub`) it names ended; 200, or 400 for a token that does not check out
 *   GET  /api/me                  -> { signIn: whether this server has it, account or null }
 * Cookies are HttpOnly, SameSite=Lax and Secure when the server is reached over HTTPS. The
 * session token is random; the database keeps only its SHA-256.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { cookieHeader, requestCookie } from '../../http/cookies'
import { originOf } from '../../http/public-origin'
import { readFormBody } from '../../http/read-json'
import { HttpError, sendJson } from '../../http/respond'
import type { Router } from '../../http/router'
import { describeError, type Logger } from '../../log'
import type { Account, AccountStorage } from '../../storage/account-storage'
import type { ServerFeature } from '../feature'
import type { OidcProviderClient, PendingSignIn } from './oidc-provider-client'
import { SignedValues } from './signed-values'

const SESSION_COOKIE = 'gb_session'
const SIGN_IN_COOKIE = 'gb_signin'
/** How long a sign-in may take at the provider. */
const SIGN_IN_MS = 10 * 60 * 1000
/** How long a session lasts; then the facilitator signs in again (the provider usually remembers them). */
const SESSION_MS = 12 * 60 * 60 * 1000
const CALLBACK_PATH = '/auth/callback'
const BACKCHANNEL_LOGOUT_PATH = '/auth/backchannel-logout'

/** What /api/me says about the signed-in person. */
type AccountView = Pick<Account, 'name' | 'email' | 'username' | 'organisation' | 'emailVerified'>

export interface FacilitatorSignInOptions {
  /** Null: this server has no sign-in (every request is signed out). */
  provider: OidcProviderClient | null
  accounts: AccountStorage
  publicUrl: string | null
  logger: Logger
  clock: () => number
}

export class FacilitatorSignIn implements ServerFeature {
  private cookies: Promise<SignedValues> | null = null

  constructor(private readonly options: FacilitatorSignInOptions) {}

  /** Whether this server has sign-in (OIDC configured). */
  get enabled(): boolean {
    return this.options.provider !== null
  }

  /** The signed-in account of this request, or null (no sign-in, no cookie, forged or expired). */
  async account(request: IncomingMessage): Promise<Account | null> {
    if (!this.enabled) return null
    const token = (await this.signed()).verify(requestCookie(request, SESSION_COOKIE))
    if (typeof token !== 'string') return null
    return (await this.options.accounts.findSession(digest(token), this.options.clock()))?.account ?? null
  }

  registerRoutes(router: Router): void {
    router.get('/api/me', async ({ req, res }) => {
      const account = await this.account(req)
      sendJson(res, 200, { signIn: this.enabled, account: account && viewOf(account) })
    })
    const provider = this.options.provider
    if (provider === null) return
    router.get('/auth/login', async ({ req, res, url }) => {
      const origin = originOf(req, this.options.publicUrl)
      const returnTo = localPath(url.searchParams.get('return'))
      const { url: target, pending } = await provider
        .startSignIn(`${origin}${CALLBACK_PATH}`, returnTo, this.options.clock() + SIGN_IN_MS)
        .catch((error: unknown) => {
          this.options.logger.error('signin.provider_unreachable', { error: describeError(error) })
          throw new HttpError(502, 'the sign-in service cannot be reached; please try again later')
        })
      const cookie = cookieHeader(SIGN_IN_COOKIE, (await this.signed()).sign(pending), { maxAge: SIGN_IN_MS / 1000, secure: isHttps(origin) })
      res.writeHead(302, { Location: target.href, 'Set-Cookie': cookie, 'Cache-Control': 'no-store' })
      res.end()
    })
    router.get(CALLBACK_PATH, async ({ req, res, url }) => {
      const origin = originOf(req, this.options.publicUrl)
      const pending = asPending((await this.signed()).verify(requestCookie(req, SIGN_IN_COOKIE)))
      // The sign-in cookie goes whatever happens: each one is good for one answer.
      res.setHeader('Set-Cookie', cookieHeader(SIGN_IN_COOKIE, '', { maxAge: 0, secure: isHttps(origin) }))
      if (pending === null) throw new HttpError(400, 'sign-in refused: this browser did not start it (or its cookie was changed); start again')
      if (pending.expiresAt <= this.options.clock()) throw new HttpError(400, 'sign-in refused: it took too long; start again')
      const callback = new URL(`${origin}${url.pathname}${url.search}`)
      let person
      try {
        person = await provider.finishSignIn(callback, pending)
      } catch (error) {
        this.options.logger.warn('signin.refused', { error: whyRefused(error) })
        throw new HttpError(400, `sign-in refused: ${whyRefused(error)}`)
      }
      const account = this.accountOf(provider, person.subject, person.claims)
      await this.options.accounts.saveAccount(account)
      await this.options.accounts.deleteExpiredSessions(this.options.clock())
      const token = randomBytes(32).toString('base64url')
      await this.options.accounts.saveSession({
        tokenHash: digest(token),
        accountId: account.id,
        idToken: person.idToken,
        sid: person.sid,
        expiresAt: this.options.clock() + SESSION_MS,
      })
      this.options.logger.info('signin.done')
      res.setHeader('Set-Cookie', [
        cookieHeader(SIGN_IN_COOKIE, '', { maxAge: 0, secure: isHttps(origin) }),
        cookieHeader(SESSION_COOKIE, (await this.signed()).sign(token), { maxAge: SESSION_MS / 1000, secure: isHttps(origin) }),
      ])
      res.writeHead(302, { Location: pending.returnTo, 'Cache-Control': 'no-store' })
      res.end()
    })
    router.post(BACKCHANNEL_LOGOUT_PATH, async ({ req, res }) => {
      const token = (await readFormBody(req)).get('logout_token')
      if (!token) throw new HttpError(400, 'logout_token is missing')
      let request
      try {
        request = await provider.verifyLogoutToken(token)
      } catch (error) {
        this.options.logger.warn('signin.logout_token_refused', { error: whyRefused(error) })
        throw new HttpError(400, `logout token refused: ${whyRefused(error)}`)
      }
      const ended = await this.options.accounts.endSessions({
        accountId: request.subject === null ? null : accountIdOf(provider, request.subject),
        sid: request.sid,
      })
      this.options.logger.info('signin.backchannel_logout', { sessions: ended })
      res.writeHead(200, { 'Cache-Control': 'no-store' })
      res.end()
    })
    router.post('/auth/logout', async ({ req, res }) => {
      const origin = originOf(req, this.options.publicUrl)
      const token = (await this.signed()).verify(requestCookie(req, SESSION_COOKIE))
      let idToken: string | null = null
      if (typeof token === 'string') {
        const found = await this.options.accounts.findSession(digest(token), this.options.clock())
        idToken = found?.session.idToken ?? null
        await this.options.accounts.deleteSession(digest(token))
      }
      const back = `${origin}/`
      const endSession = await provider.endSessionUrl(idToken, back).catch(() => null)
      this.options.logger.info('signin.signed_out')
      sendJson(res, 200, { next: endSession ?? back }, { 'Set-Cookie': cookieHeader(SESSION_COOKIE, '', { maxAge: 0, secure: isHttps(origin) }) })
    })
  }

  /** The account the provider's claims describe, read through the configured claim names. */
  private accountOf(provider: OidcProviderClient, subject: string, claims: Record<string, unknown>): Account {
    const names = provider.claimNames
    const text = (name: string | null) => {
      const value = name === null ? undefined : claims[name]
      return typeof value === 'string' ? value.slice(0, 200) : ''
    }
    const email = text(names.email)
    const vouched = names.emailVerified === null ? true : claims[names.emailVerified]
    return {
      id: accountIdOf(provider, subject),
      name: text(names.name),
      email,
      username: text(names.username),
      organisation: text(names.organisation),
      emailVerified: email !== '' && (vouched === true || vouched === 'true'),
    }
  }

  private signed(): Promise<SignedValues> {
    this.cookies ??= this.options.accounts.key('session-cookies', 32).then((key) => new SignedValues(key))
    return this.cookies
  }
}

/** openid-client's error with the check that failed, which it gives as the cause. */
function whyRefused(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : ''
  return `${describeError(error)}${cause}`
}

/** An account is the issuer's subject: the same person at another provider is another account. */
function accountIdOf(provider: OidcProviderClient, subject: string): string {
  return `${provider.issuer} ${subject}`
}

function viewOf(account: Account): AccountView {
  return { name: account.name, email: account.email, username: account.username, organisation: account.organisation, emailVerified: account.emailVerified }
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

const isHttps = (origin: string) => origin.startsWith('https:')

/** A path on this server to go back to; anything else (another host, `//host`) becomes `/`. */
function localPath(raw: string | null): string {
  return raw !== null && /^\/(?![/\\])[^\s\\]*$/.test(raw) ? raw : '/'
}

function asPending(value: unknown): PendingSignIn | null {
  if (!value || typeof value !== 'object') return null
  const pending = value as Record<string, unknown>
  const strings = ['state', 'nonce', 'verifier', 'returnTo'].every((key) => typeof pending[key] === 'string')
  return strings && typeof pending.expiresAt === 'number' ? (value as PendingSignIn) : null
}

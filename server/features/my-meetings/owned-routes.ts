/**
 * The routes boards and series both have in "My meetings", for the signed-in account tied to one
 * (ownership.ts), at `<base>` = /api/my/boards/:id or /api/my/series/:id:
 *   POST   <base>/open    -> { token, url }: its link (a board's facilitator link, a series' manage
 *          link), for this browser to open it with
 *   GET    <base>/shares  -> { shares }
 *   POST   <base>/shares  { kind: 'email' | 'username', value } -> { shares }
 *   DELETE <base>/shares  { kind, value } -> { shares }
 * 401 without a session; 404 for one not tied to the account, whether it exists or not.
 */
import type { IncomingMessage } from 'node:http'
import { originOf } from '../../http/public-origin'
import { readJsonBody } from '../../http/read-json'
import { HttpError, sendJson } from '../../http/respond'
import type { Router } from '../../http/router'
import type { Logger } from '../../log'
import type { Account, AccountStorage, Share, Tie } from '../../storage/account-storage'
import type { FacilitatorSignIn } from '../sign-in/facilitator-sign-in'
import type { Ownership } from './ownership'

const MAX_SHARE_LENGTH = 254

export interface OwnedRoutesOptions {
  /** `/api/my/boards` or `/api/my/series`. */
  base: string
  signIn: FacilitatorSignIn
  accounts: AccountStorage
  ownership: Ownership
  /** Whether the board or series still exists. */
  exists: (id: string) => Promise<boolean>
  /** Its link with `token`, at `origin`. */
  linkOf: (origin: string, id: string, token: string) => string
  publicUrl: string | null
  logger: Logger
}

/** The signed-in account of the request, or a 401. */
export async function signedInAccount(signIn: FacilitatorSignIn, request: IncomingMessage): Promise<Account> {
  const account = await signIn.account(request)
  if (account === null) throw new HttpError(401, 'sign in to see your meetings')
  return account
}

/** How the account is tied to `id`, when it is and `id` still exists; else a 404. */
export async function requireTie(options: Pick<OwnedRoutesOptions, 'accounts' | 'ownership' | 'exists'>, account: Account, id: string): Promise<Tie> {
  const kind = options.ownership.kind
  const tie = await options.accounts.tieOf(kind, account, id)
  if (tie === null || !(await options.exists(id))) throw new HttpError(404, `none of your meetings has this ${kind}`)
  return tie
}

export function registerOwnedRoutes(router: Router, options: OwnedRoutesOptions): void {
  const { accounts, ownership, base } = options
  const kind = ownership.kind
  const tied = async (request: IncomingMessage, id: string) => {
    await requireTie(options, await signedInAccount(options.signIn, request), id)
    return id
  }

  router.post(`${base}/:id/open`, async ({ req, res, params }) => {
    const account = await signedInAccount(options.signIn, req)
    await requireTie(options, account, params.id!)
    const token = await ownership.token(account, params.id!)
    if (token === null) {
      throw new HttpError(409, `this server cannot open the ${kind} for you (its OIDC client secret changed): open it once with its link`)
    }
    sendJson(res, 200, { token, url: options.linkOf(originOf(req, options.publicUrl), params.id!, token) })
  })

  router.get(`${base}/:id/shares`, async ({ req, res, params }) => {
    sendJson(res, 200, { shares: await accounts.shares(kind, await tied(req, params.id!)) })
  })
  for (const method of ['post', 'delete'] as const) {
    router[method](`${base}/:id/shares`, async ({ req, res, params }) => {
      const id = await tied(req, params.id!)
      const share = readShare(await readJsonBody(req))
      if (method === 'post') await accounts.addShare(kind, id, share)
      else await accounts.removeShare(kind, id, share)
      options.logger.info(method === 'post' ? `${kind}.shared` : `${kind}.unshared`, { [kind]: id, kind: share.kind })
      sendJson(res, 200, { shares: await accounts.shares(kind, id) })
    })
  }
}

function readShare(body: unknown): Share {
  const { kind, value } = (body ?? {}) as { kind?: unknown; value?: unknown }
  if (kind !== 'email' && kind !== 'username') throw new HttpError(400, 'kind must be "email" or "username"')
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_SHARE_LENGTH) {
    throw new HttpError(400, `value must be the person's ${kind === 'email' ? 'e-mail address' : 'user name'} (at most ${MAX_SHARE_LENGTH} characters)`)
  }
  if (kind === 'email' && !/^[^\s@]+@[^\s@]+$/.test(value.trim())) throw new HttpError(400, 'that is not an e-mail address')
  return { kind, value: value.trim().toLowerCase() }
}

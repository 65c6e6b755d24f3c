/**
 * Which signed-in facilitators may open a board or a series without its link: whoever created it
 * signed in (its owner) and whoever it is shared with (co-facilitators, by user name or e-mail
 * address). To open it for them the server needs its link token (a board's facilitator token, a
 * series' manage token), which it otherwise keeps only as a digest; so the token is kept sealed
 * under a secret from the environment (the OIDC client secret), never in the database: whoever
 * reads the database or a backup cannot open the boards or series with what is there. Renewing the
 * link re-seals the new token.
 */
import type { Account, AccountStorage, OwnedKind } from '../../storage/account-storage'
import { seal, unseal } from '../access/tokens'

/** What each kind's seal is bound to (the boards' text predates the series and stays, so their seals still open). */
const SEAL_CONTEXT: Record<OwnedKind, string> = {
  board: 'gatherboard facilitator tokens',
  series: 'gatherboard series manage tokens',
}

export class Ownership {
  private readonly secret: string

  constructor(
    private readonly accounts: AccountStorage,
    /** The OIDC client secret: only this server (and the provider) know it. */
    clientSecret: string,
    readonly kind: OwnedKind,
  ) {
    this.secret = `${SEAL_CONTEXT[kind]} ${clientSecret}`
  }

  /** A signed-in facilitator created it: theirs, and openable by them. */
  async created(id: string, account: Account, token: string): Promise<void> {
    await this.accounts.addOwner(this.kind, id, account.id)
    await this.keep(id, token)
  }

  /** The link was renewed: the tied accounts open it with the new token. */
  async keep(id: string, token: string): Promise<void> {
    await this.accounts.saveSealedToken(this.kind, id, seal(token, this.secret, id))
  }

  /** The link token, for an account tied to it; null when it is not (or the seal cannot be read). */
  async token(account: Account, id: string): Promise<string | null> {
    if ((await this.accounts.tieOf(this.kind, account, id)) === null) return null
    const sealed = await this.accounts.sealedToken(this.kind, id)
    return sealed === null ? null : unseal(sealed, this.secret, id)
  }
}

/**
 * Which signed-in facilitators may open a board without its link: whoever created it signed in
 * (its owner) and whoever it is shared with (co-facilitators, by user name or e-mail address).
 * To open it for them the server needs the board's facilitator token, which it otherwise keeps only
 * as a digest; so the token is kept sealed under a secret from the environment (the OIDC client
 * secret), never in the database: whoever reads the database or a backup cannot open the boards
 * with what is there. Renewing the facilitator link re-seals the new token.
 */
import type { Account, AccountStorage } from '../../storage/account-storage'
import { seal, unseal } from '../access/tokens'

export class BoardOwnership {
  private readonly secret: string

  constructor(
    private readonly accounts: AccountStorage,
    /** The OIDC client secret: only this server (and the provider) know it. */
    clientSecret: string,
  ) {
    this.secret = `gatherboard facilitator tokens ${clientSecret}`
  }

  /** A signed-in facilitator created the board: theirs, and openable by them. */
  async created(boardId: string, account: Account, facilitatorToken: string): Promise<void> {
    await this.accounts.addOwner(boardId, account.id)
    await this.keep(boardId, facilitatorToken)
  }

  /** The facilitator link was renewed: the tied accounts open the board with the new token. */
  async keep(boardId: string, facilitatorToken: string): Promise<void> {
    await this.accounts.saveSealedFacilitatorToken(boardId, seal(facilitatorToken, this.secret, boardId))
  }

  /** The facilitator token, for an account tied to the board; null when it is not (or cannot be read). */
  async facilitatorToken(account: Account, boardId: string): Promise<string | null> {
    if ((await this.accounts.tieOf(account, boardId)) === null) return null
    const sealed = await this.accounts.sealedFacilitatorToken(boardId)
    return sealed === null ? null : unseal(sealed, this.secret, boardId)
  }
}

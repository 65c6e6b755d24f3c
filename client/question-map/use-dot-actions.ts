import { useState } from 'react'
import type * as Y from 'yjs'
import { placeDot, takeDot } from '../../shared/model/voting'
import { roundBlock } from '../../shared/rules/write-rules'
import type { RoundView } from './use-round'

export interface DotActions {
  /** The round takes dots now and this device has a voter id (the server binds it to the connection). */
  open: boolean
  /** The last try to place a dot found none left. */
  noneLeft: boolean
  add(cardId: string): void
  remove(cardId: string): void
}

/**
 * Puts one of this device's dots on a card or takes one back, in the slots of the votes map
 * (shared/model/voting.ts), the same on the canvas and on the phone page; says when none is left.
 */
export function useDotActions(doc: Y.Doc, view: RoundView | null, voterId: string | null): DotActions {
  const [noneLeft, setNoneLeft] = useState(false)
  const open = view !== null && roundBlock(view.round) === null && voterId !== null
  return {
    open,
    noneLeft,
    add(cardId) {
      if (!open) return
      setNoneLeft(!placeDot(doc, view.round, voterId, cardId))
    },
    remove(cardId) {
      if (!open) return
      takeDot(doc, view.round, voterId, cardId)
      setNoneLeft(false)
    },
  }
}

import type * as Y from 'yjs'
import { VOTES_MAP, VOTING_MAP, countVotes, currentRound, dotsOf, type VotingRound } from '../../shared/model/voting'
import { useYjsValue } from '../sync/use-yjs-value'

export interface RoundView {
  round: VotingRound
  /** Dots per card id; empty while the counts are hidden from everyone. */
  counts: Record<string, number>
  /** Whether counts are shown now. */
  countsVisible: boolean
  /** This device's dots: card id per slot. */
  mine: string[]
}

/** The round the board shows, with what this device may see of it; null when none. */
export function useRound(doc: Y.Doc, voterId: string | null): RoundView | null {
  return useYjsValue(doc, [VOTING_MAP, VOTES_MAP], (d) => {
    const round = currentRound(d)
    if (!round) return null
    const countsVisible = round.state === 'revealed' || !round.hidden
    return {
      round,
      counts: countsVisible ? Object.fromEntries(countVotes(d, round.id)) : {},
      countsVisible,
      mine: voterId ? [...dotsOf(d, round.id, voterId).values()] : [],
    }
  })
}

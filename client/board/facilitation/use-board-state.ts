/** The facilitation parts of the board's doc, each kept current for React (see sync/use-yjs-value.ts). */
import { useMemo } from 'react'
import type * as Y from 'yjs'
import { LOCKS_MAP, readLocks, type Locks } from '../../../shared/model/locks'
import { SNAPSHOTS_MAP, readSnapshotIndex, type SnapshotInfo } from '../../../shared/model/snapshots'
import { STAGE_MAP, readStage, type StageSettings } from '../../../shared/model/stage'
import { VOTES_MAP, VOTING_MAP, countVoters, currentRound, type VotingRound } from '../../../shared/model/voting'
import { useYjsValue } from '../../sync/use-yjs-value'

export function useStage(doc: Y.Doc): StageSettings {
  return useYjsValue(doc, [STAGE_MAP], readStage)
}

export function useLocks(doc: Y.Doc): Locks {
  // A Map does not compare as JSON: read it as entries (stable while equal) and rebuild once.
  const state = useYjsValue(doc, [LOCKS_MAP], (d) => {
    const locks = readLocks(d)
    return { board: locks.board, sections: [...locks.sections] }
  })
  return useMemo(() => ({ board: state.board, sections: new Map(state.sections) }), [state])
}

export function useSnapshotIndex(doc: Y.Doc): SnapshotInfo[] {
  return useYjsValue(doc, [SNAPSHOTS_MAP], readSnapshotIndex)
}

/** How many devices have dots in the round the board shows (dots are counted per device); null when none is shown. */
export function useRoundVoters(doc: Y.Doc): { round: VotingRound; voters: number } | null {
  return useYjsValue(doc, [VOTING_MAP, VOTES_MAP], (d) => {
    const round = currentRound(d)
    return round ? { round, voters: countVoters(d, round.id) } : null
  })
}

import type { Meeting } from '../../shared/model/meeting'
import type { CarryOverPlan } from '../../shared/series/carry-over'
import { SESSION_KEYS } from './storage-keys'

/** How a new board starts: the question-map template, or empty. */
export type StartingLayout = 'questionMap' | 'blank'

/**
 * What the creator filled in on the start page, carried to the board in this tab's
 * sessionStorage until the board has written it into its document. A reload of the creator's tab
 * before that still has it; any other tab or device never does, so only the creator writes it.
 */
export interface PendingSetup {
  meeting: Partial<Meeting>
  layout: StartingLayout
  /** The next meeting of a series: what carries over from the last one (shared/series/carry-over.ts). */
  carryOver?: CarryOverPlan
}

export function savePendingSetup(boardId: string, setup: PendingSetup): void {
  sessionStorage.setItem(SESSION_KEYS.pendingSetup(boardId), JSON.stringify(setup))
}

export function readPendingSetup(boardId: string): PendingSetup | null {
  try {
    const value = JSON.parse(sessionStorage.getItem(SESSION_KEYS.pendingSetup(boardId)) ?? 'null') as PendingSetup | null
    return value && typeof value === 'object' && value.meeting && typeof value.meeting === 'object' ? value : null
  } catch {
    return null
  }
}

export function clearPendingSetup(boardId: string): void {
  sessionStorage.removeItem(SESSION_KEYS.pendingSetup(boardId))
}

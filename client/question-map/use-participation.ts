import { useCallback, useEffect, useState } from 'react'
import type { ParticipantProfile, Whereabouts } from '../../shared/model/participant'
import type { Role } from '../../shared/model/roles'
import { currentUserId, hasJoined, loadProfile, markJoined, saveProfile } from '../session/identity'
import type { BoardConnection } from '../sync/board-connection'
import { publishProfile } from '../sync/profile-presence'
import { startSlotRepairs } from './slot-repairer'

export interface Participation {
  /** Whether this device's person has joined the board (given a profile on it once). */
  joined: boolean
  profile: ParticipantProfile
  /** Saves the profile on this device and joins the board with it. */
  join(profile: ParticipantProfile): void
}

/**
 * This device taking part in a board, the same on the board and the phone page: joining with a
 * profile (remembered on the device), being present with it once joined (which also records the
 * attendance, server/features/attendance.ts), and taking part in slot repairs with its role.
 * `whereabouts`: what a person who has not said yet is taken to be.
 */
export function useParticipation(connection: BoardConnection, role: Role, whereabouts?: Whereabouts): Participation {
  const { boardId, doc } = connection
  const awareness = connection.provider.awareness
  const [joined, setJoined] = useState(() => hasJoined(boardId))
  const [profile, setProfile] = useState<ParticipantProfile>(() => loadProfile(whereabouts))

  useEffect(() => {
    if (!joined) return
    return publishProfile(awareness, connection.provider, currentUserId(), profile)
  }, [joined, profile, awareness, connection])

  useEffect(() => startSlotRepairs(doc, awareness, role, () => connection.status.get().state === 'connected'), [doc, awareness, connection, role])

  const join = useCallback(
    (next: ParticipantProfile) => {
      saveProfile(next)
      markJoined(boardId)
      setProfile(next)
      setJoined(true)
    },
    [boardId],
  )
  return { joined, profile, join }
}

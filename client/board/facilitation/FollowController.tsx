import { useEffect, useRef, useState } from 'react'
import { useValue, type Editor, type TLUserId } from 'tldraw'
import type * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'
import type { AwarenessProfile } from '../../../shared/model/participant'
import { useI18n } from '../../i18n/I18nProvider'
import { presenceUserId, showBox, viewportOf } from './leader-viewport'
import { serverNow } from '../../session/server-clock'
import { useStage } from './use-board-state'
import { AWARENESS_FIELDS } from '../../../shared/model/awareness'

/** A summon older than this (say, found when the page opens) moves nobody. */
const SUMMON_FRESH_MS = 15_000

/**
 * For everyone but the facilitator: follows the facilitator's viewport while they ask for it
 * ("follow me"), shows that, and lets the person step out with one click or Escape (until the
 * next request); jumps once to the facilitator's viewport at "bring everyone here".
 */
export function FollowController({ editor, doc, awareness }: { editor: Editor; doc: Y.Doc; awareness: Awareness }) {
  const { t } = useI18n()
  const { follow, summon } = useStage(doc)
  const [steppedOutOf, setSteppedOutOf] = useState<number | null>(null)
  const following = useValue('following', () => editor.getInstanceState().followingUserId, [editor])
  const wanted = follow && follow.userId !== presenceUserId() && steppedOutOf !== follow.since ? follow : null
  const [leaderPresent, setLeaderPresent] = useState(false)

  useEffect(() => {
    if (!wanted) return
    const check = () => setLeaderPresent(viewportOf(awareness, wanted.clientId) !== null)
    check()
    awareness.on('change', check)
    return () => awareness.off('change', check)
  }, [awareness, wanted])

  // Start following when asked and the leader is here; stop when the request ends.
  useEffect(() => {
    const leader = wanted?.userId as TLUserId | undefined
    if (leader && leaderPresent && following !== leader) editor.startFollowingUser(leader)
    if (!wanted && following && follow === null) editor.stopFollowingUser()
    // `following` is left out: reacting to it would restart a follow the person just ended.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editor, wanted, leaderPresent, follow])

  // tldraw stops following when the person moves the camera themselves: that is stepping out too.
  const wasFollowing = useRef(false)
  useEffect(() => {
    if (following) wasFollowing.current = true
    else if (wasFollowing.current && wanted) {
      wasFollowing.current = false
      setSteppedOutOf(wanted.since)
    }
  }, [following, wanted])

  const stepOut = () => {
    if (follow) setSteppedOutOf(follow.since)
    editor.stopFollowingUser()
  }

  useEffect(() => {
    if (!following || !wanted) return
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') stepOut()
    }
    addEventListener('keydown', onKey)
    return () => removeEventListener('keydown', onKey)
  })

  // One jump per new summon.
  const lastSummon = useRef<number | null>(summon?.at ?? null)
  useEffect(() => {
    if (!summon || summon.at === lastSummon.current) return
    lastSummon.current = summon.at
    if (summon.userId === presenceUserId() || serverNow() - summon.at > SUMMON_FRESH_MS) return
    const box = viewportOf(awareness, summon.clientId)
    if (box) showBox(editor, box, true)
  }, [summon, awareness, editor])

  if (!following || !wanted) return null
  const leaderProfile = awareness.getStates().get(wanted.clientId)?.[AWARENESS_FIELDS.profile] as AwarenessProfile | undefined
  return (
    <div className="gb-follow-banner" role="status" data-testid="following">
      <span>{t('follow.following', { name: leaderProfile?.name || t('follow.facilitator') })}</span>
      <button type="button" className="button button--small" onClick={stepOut}>
        {t('follow.stop')}
      </button>
    </div>
  )
}

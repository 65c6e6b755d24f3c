import type { Editor } from 'tldraw'
import { useI18n } from '../../i18n/I18nProvider'
import { useBoard } from '../context/board-context'
import { loadProfile } from '../../session/identity'
import { Panel } from '../../ui/Panel'
import { useBoardAccess } from '../../session/board-access'
import { HandQueue } from './Gestures'
import { InviteSection } from './InviteSection'
import { LinkRows } from './LinkRows'
import { LocksSection } from './LocksSection'
import { SeriesSection } from './SeriesSection'
import { SnapshotsSection } from './SnapshotsSection'
import { StageSection } from './StageSection'
import { TimerSection } from './TimerSection'
import { useLocks, useSnapshotIndex, useStage } from './use-board-state'
import { useMeeting } from '../../question-map/use-meeting'
import { useTimer } from '../../question-map/use-timer'
import { useSections } from '../queries/use-sections'
import { VotingSection } from './VotingSection'

/** Everything the facilitator steers the meeting with, in one panel: inviting first, their own link last. */
export function FacilitatorPanel({ editor, onClose }: { editor: Editor; onClose(): void }) {
  const { t } = useI18n()
  const { boardId, doc, awareness } = useBoard()
  const access = useBoardAccess(boardId)
  const sections = useSections(editor)
  const stage = useStage(doc)
  const timer = useTimer(doc)
  const locks = useLocks(doc)
  const snapshots = useSnapshotIndex(doc)
  const meeting = useMeeting(doc)
  const me = loadProfile().name || t('follow.facilitator')
  return (
    <Panel className="gb-facilitate" headingId="gb-facilitate-heading" heading={t('facilitate.heading')} testId="facilitate-panel" onClose={onClose} reserve="right">
      {access?.links && <InviteSection boardId={boardId} access={access} links={access.links} />}
      <HandQueue awareness={awareness} />
      <StageSection boardId={boardId} doc={doc} awareness={awareness} stage={stage} />
      <TimerSection doc={doc} timer={timer} />
      <VotingSection doc={doc} sections={sections} />
      <LocksSection doc={doc} locks={locks} sections={sections} by={me} />
      <SnapshotsSection boardId={boardId} snapshots={snapshots} author={me} />
      <SeriesSection boardId={boardId} meeting={meeting} />
      {access?.links && (
        <section className="gb-facilitate__section" aria-labelledby="gb-own-link-heading">
          <h3 id="gb-own-link-heading">{t('links.own')}</h3>
          <LinkRows boardId={boardId} links={access.links} roles={['facilitator']} />
        </section>
      )}
    </Panel>
  )
}

import { useEditor, useValue } from 'tldraw'
import { useI18n } from '../../i18n/I18nProvider'
import { useBoard } from '../context/board-context'
import { useLocks } from './use-board-state'
import { CardVoteBadges } from './Voting'
import { Icon } from '../../ui/icons/Icon'

/** In front of the canvas, moving with it: a lock on each locked section, dots on voted cards. */
export function CanvasOverlay() {
  return (
    <>
      <SectionLocks />
      <CardVoteBadges interactive />
    </>
  )
}

/** The counts (when shown) without any buttons, for views that only watch. */
export function CardVoteCounts() {
  return <CardVoteBadges interactive={false} />
}

/** A lock on the corner of each locked section. */
export function SectionLocks() {
  const { t } = useI18n()
  const editor = useEditor()
  const locks = useLocks(useBoard().doc)
  const spots = useValue(
    'locked sections',
    () =>
      [...locks.sections.keys()].flatMap((id) => {
        const bounds = editor.getShapePageBounds(id as never)
        if (!bounds) return []
        const corner = editor.pageToViewport({ x: bounds.minX, y: bounds.minY })
        return [{ id, x: corner.x, y: corner.y }]
      }),
    [editor, locks],
  )
  return (
    <>
      {spots.map((spot) => (
        <span key={spot.id} className="gb-section-lock" style={{ left: spot.x, top: spot.y }} title={t('lock.sectionLocked')} data-testid="section-lock">
          <Icon name="lock" label={t('lock.sectionLocked')} />
        </span>
      ))}
    </>
  )
}

import { useContext } from 'react'
import type * as Y from 'yjs'
import { PURPOSE_SHAPE_TYPE } from '../../../../shared/model/template'
import { useI18n } from '../../../i18n/I18nProvider'
import { BoardContext } from '../../context/board-context'
import { useMeeting } from '../../../question-map/use-meeting'
import { MeetingWhenWhere } from '../../../ui/MeetingWhenWhere'
import { purposeShapeMigrations, purposeShapeProps } from '../../../../shared/model/custom-shape-props'
import type { PurposeShape } from '../card-shape'
import { BoardBoxShapeUtil } from '../board-box-shape-util'

/**
 * The centre of the question map: the meeting's title and purpose, read live from the meeting
 * map, so editing the meeting settings updates the board without touching the shape.
 */
export class PurposeShapeUtil extends BoardBoxShapeUtil<PurposeShape> {
  static override type = PURPOSE_SHAPE_TYPE
  static override props = purposeShapeProps
  static override migrations = purposeShapeMigrations
  protected readonly cornerRadius = 16

  getDefaultProps(): PurposeShape['props'] {
    return { w: 920, h: 300 }
  }

  override canEdit() {
    return false
  }

  protected view() {
    return <PurposeView />
  }
}

function PurposeView() {
  const board = useContext(BoardContext)
  // Outside a live board (a bare editor in a test) there is no meeting to show.
  return board ? <PurposeText doc={board.doc} /> : <div className="gb-purpose" />
}

function PurposeText({ doc }: { doc: Y.Doc }) {
  const { t } = useI18n()
  const meeting = useMeeting(doc)
  return (
    <div className="gb-purpose" data-testid="purpose-shape">
      <p className="gb-purpose__label">{t('purpose.label')}</p>
      <p className="gb-purpose__text">{meeting.purpose || t('purpose.empty')}</p>
      {meeting.title && <p className="gb-purpose__title">{meeting.title}</p>}
      <MeetingWhenWhere meeting={meeting} className="gb-purpose__title" />
    </div>
  )
}

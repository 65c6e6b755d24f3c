import { useEditor } from 'tldraw'
import { formatInstant } from '../../../shared/minutes/dates'
import { useI18n } from '../../i18n/I18nProvider'
import { useBoard } from '../context/board-context'
import { useMeeting } from '../../question-map/use-meeting'
import { useReadonlyWhile } from '../tldraw/use-readonly-while'

/**
 * While the meeting is closed: says so and since when, and makes the canvas read-only (the server
 * refuses changes anyway; this keeps people from making edits that would go nowhere).
 */
export function ArchiveNotice() {
  const { t, locale } = useI18n()
  const editor = useEditor()
  const { archivedAt } = useMeeting(useBoard().doc)
  useReadonlyWhile(editor, archivedAt !== null)

  if (archivedAt === null) return null
  const date = formatInstant(new Date(archivedAt).toISOString(), locale, Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC')
  return (
    <p className="gb-archive-notice" role="status" data-testid="archive-notice">
      {t('archive.notice', { date })}
    </p>
  )
}

import { useEffect } from 'react'
import { useEditor } from 'tldraw'
import { formatInstant } from '../../../shared/minutes/dates'
import { useI18n } from '../../i18n/I18nProvider'
import { refreshAccess, useBoardAccess } from '../../session/board-access'
import { useBoard } from '../context/board-context'
import { useMeeting } from '../../question-map/use-meeting'
import { useReadonlyWhile } from '../tldraw/use-readonly-while'

/**
 * While the meeting is closed: says so and since when, and, when the server keeps closed boards
 * only for a retention period, the date it deletes this one. Makes the canvas read-only (the
 * server refuses changes anyway; this keeps people from making edits that would go nowhere).
 */
export function ArchiveNotice() {
  const { t, locale } = useI18n()
  const editor = useEditor()
  const { boardId, doc } = useBoard()
  const { archivedAt } = useMeeting(doc)
  const access = useBoardAccess(boardId)
  useReadonlyWhile(editor, archivedAt !== null)
  // The date follows the closing: the server's answer from before it has none.
  useEffect(() => {
    if (archivedAt !== null) refreshAccess(boardId).catch(() => {})
  }, [boardId, archivedAt])

  if (archivedAt === null) return null
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
  const date = formatInstant(new Date(archivedAt).toISOString(), locale, timeZone)
  const deletesAt = access?.deletesAt ?? null
  return (
    <p className="gb-archive-notice" role="status" data-testid="archive-notice">
      {t('archive.notice', { date })}
      {deletesAt !== null && ` ${t('archive.deletesAt', { date: formatInstant(deletesAt, locale, timeZone) })}`}
    </p>
  )
}

import './export.css'
import { useId, useMemo, useState } from 'react'
import { useEditor } from 'tldraw'
import { buildMinutes } from '../../../shared/minutes/build'
import { MINUTES_FORMATS, fileSlug, minutesFileName, type MinutesFormat } from '../../../shared/minutes/formats'
import { readMinutesInputs } from '../../../shared/minutes/inputs'
import type { Minutes } from '../../../shared/minutes/types'
import { useI18n } from '../../i18n/I18nProvider'
import { useBoard } from '../context/board-context'
import { useBoardUi } from '../context/board-ui'
import { ModalDialog } from '../../ui/ModalDialog'
import { useMeeting } from '../../question-map/use-meeting'
import { ArchiveControls } from './ArchiveControls'
import { ArchiveNotice } from './ArchiveNotice'
import { PersonalDataControls } from './PersonalDataControls'
import { Group, useActionStatus } from './dialog-parts'
import { downloadBlob, downloadFromServer } from './download'
import { NothingToExportError, exportImage, type ImageFormat, type ImageScope } from './image-export'
import { ImportControls } from './ImportControls'
import { exportMeetingPdf } from './pdf-export'
import { TLDR_EXTENSION, TLDR_MIME_TYPE, serializeBoardFile } from './tldr-file'

/** This browser's time zone: the minutes made here and on the server for it say the same times. */
const timeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'

/**
 * The "Export" button of the toolbar and its dialog: pictures (PNG, SVG) of the board, a section or
 * the selection; the PDF; the minutes from the server; the `.tldr` backup and its import; closing
 * and reopening the meeting, removing names and deleting the board (facilitator). Also shows, to everyone, that a closed meeting is archived.
 */
export function ExportMenu() {
  const { t } = useI18n()
  const [open, setOpen] = useState(false)
  return (
    <>
      <button type="button" className="gb-tool" aria-haspopup="dialog" onClick={() => setOpen(true)} data-testid="export-button">
        {t('export.button')}
      </button>
      {open && <ExportDialog onClose={() => setOpen(false)} />}
      <ArchiveNotice />
    </>
  )
}

function ExportDialog({ onClose }: { onClose: () => void }) {
  const { t, locale } = useI18n()
  const editor = useEditor()
  const { boardId, doc } = useBoard()
  const { facilitator } = useBoardUi()
  const meeting = useMeeting(doc)
  const titleId = useId()
  const { status, run } = useActionStatus((error) =>
    error instanceof NothingToExportError ? t('export.nothing') : t('export.failed', { message: (error as Error).message }),
  )
  const [scope, setScope] = useState('board')
  const [withoutNames, setWithoutNames] = useState(false)
  const busy = status.kind === 'busy'
  const archived = meeting.archivedAt !== null

  const minutesNow = (): Minutes =>
    buildMinutes(doc, { ...readMinutesInputs(doc), lang: locale, timeZone: timeZone(), boardId, now: Date.now() })
  // The sections in reading order, named as in the minutes; read when the dialog opens.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const sections = useMemo(() => minutesNow().sections.filter((section) => section.id !== null), [doc, locale])
  const slug = fileSlug(meeting.title) || 'board'
  const save = (blob: Blob, file: string) => {
    downloadBlob(blob, file)
    return t('export.saved', { file })
  }

  const exportPicture = (format: ImageFormat) =>
    run(async () => {
      const imageScope: ImageScope =
        scope === 'board' ? { kind: 'board' } : scope === 'selection' ? { kind: 'selection' } : { kind: 'section', id: scope }
      const { blob } = await exportImage(editor, imageScope, format)
      const part =
        imageScope.kind === 'section' ? fileSlug(sections.find((s) => s.id === scope)?.title ?? '') || 'section' : imageScope.kind
      return save(blob, `${slug}-${part}.${format}`)
    })
  const exportPdf = () =>
    run(async () => {
      const minutes = minutesNow()
      return save(await exportMeetingPdf(editor, minutes, boardId), minutesFileName(minutes, 'pdf'))
    })
  const exportBackup = () =>
    run(async () => save(new Blob([await serializeBoardFile(editor, meeting)], { type: TLDR_MIME_TYPE }), `${slug}${TLDR_EXTENSION}`))
  // The server's minutes are the facilitator's (the PDF above, made here, has them for everyone).
  const exportMinutes = (format: MinutesFormat) =>
    run(async () => {
      const file = minutesFileName(minutesNow(), format)
      const query = new URLSearchParams({ lang: locale, tz: timeZone(), ...(withoutNames ? { names: '0' } : {}) })
      await downloadFromServer(boardId, `/api/boards/${encodeURIComponent(boardId)}/minutes.${format}`, query, file)
      return t('export.saved', { file })
    })

  return (
    <ModalDialog labelledBy={titleId} onCancel={onClose} wide>
      <h1 id={titleId}>{t('export.title')}</h1>

      <Group title={t('export.image.heading')}>
        <label className="gb-export__row">
          <span>{t('export.image.scope')}</span>
          <select value={scope} onChange={(event) => setScope(event.target.value)} data-testid="export-scope">
            <option value="board">{t('export.image.board')}</option>
            {sections.map((section) => (
              <option key={section.id} value={section.id!}>
                {t('export.image.section', { name: section.title })}
              </option>
            ))}
            <option value="selection">{t('export.image.selection')}</option>
          </select>
        </label>
        <div className="dialog__actions">
          <button type="button" className="button button--small" disabled={busy} onClick={() => exportPicture('png')}>
            {t('export.image.png')}
          </button>
          <button type="button" className="button button--small" disabled={busy} onClick={() => exportPicture('svg')}>
            {t('export.image.svg')}
          </button>
          <button type="button" className="button button--small" disabled={busy} onClick={exportPdf}>
            {t('export.pdf')}
          </button>
        </div>
      </Group>

      {facilitator && (
        <Group title={t('export.minutes.heading')}>
          <label className="gb-export__row">
            <input type="checkbox" checked={withoutNames} onChange={(event) => setWithoutNames(event.target.checked)} />
            <span>{t('export.minutes.withoutNames')}</span>
          </label>
          <div className="dialog__actions">
            {MINUTES_FORMATS.map((format) => (
              <button key={format} type="button" className="button button--small" disabled={busy} onClick={() => exportMinutes(format)} data-testid={`minutes-${format}`}>
                {format.toUpperCase()}
              </button>
            ))}
          </div>
        </Group>
      )}

      <Group title={t('export.backup.heading')}>
        <div className="dialog__actions">
          <button type="button" className="button button--small" disabled={busy} onClick={exportBackup}>
            {t('export.backup.download')}
          </button>
        </div>
        <ImportControls editor={editor} doc={doc} boardId={boardId} mayReplace={facilitator && !archived} busy={busy} run={run} />
      </Group>

      {facilitator && <ArchiveControls boardId={boardId} archived={archived} busy={busy} run={run} />}
      {facilitator && <PersonalDataControls boardId={boardId} title={meeting.title} busy={busy} run={run} />}

      <p className="gb-export__status" role={status.kind === 'error' ? 'alert' : 'status'} data-testid="export-status" data-state={status.kind}>
        {status.kind === 'busy' ? t('export.busy') : status.kind === 'done' || status.kind === 'error' ? status.text : ''}
      </p>
      <div className="dialog__actions">
        <button type="button" className="button button--quiet" onClick={onClose}>
          {t('export.close')}
        </button>
      </div>
    </ModalDialog>
  )
}

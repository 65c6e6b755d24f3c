import './export.css'
import { useId, useMemo, useState, type ReactNode } from 'react'
import { useEditor } from 'tldraw'
import { buildMinutes } from '../../../shared/minutes/build'
import { MINUTES_FORMATS, fileSlug, minutesFileName } from '../../../shared/minutes/formats'
import { readMinutesInputs } from '../../../shared/minutes/inputs'
import type { Minutes } from '../../../shared/minutes/types'
import { useI18n } from '../../i18n/I18nProvider'
import type { MessageKey } from '../../i18n/messages'
import { useBoard } from '../board-context'
import { useBoardUi } from '../board-ui'
import { markFacilitator } from '../facilitator'
import { ModalDialog } from '../ModalDialog'
import { useMeeting } from '../use-meeting'
import { ArchiveNotice } from './ArchiveNotice'
import { closeMeeting, reopenMeeting } from './archive-api'
import { importIntoNewBoard, replaceBoardContent } from './board-import'
import { downloadBlob } from './download'
import { NothingToExportError, exportImage, type ImageFormat, type ImageScope } from './image-export'
import { TLDR_EXTENSION, TLDR_MIME_TYPE, readBoardFile, serializeBoardFile, type TldrReadResult } from './tldr-file'

type Status = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; text: string } | { kind: 'error'; text: string }

/** This browser's time zone: the minutes made here and on the server for it say the same times. */
const timeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'

/**
 * The "Export" button of the toolbar and its dialog: pictures (PNG, SVG) of the board, a section or
 * the selection; the PDF; the minutes from the server; the `.tldr` backup and its import; closing
 * and reopening the meeting (facilitator).
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
  const [status, setStatus] = useState<Status>({ kind: 'idle' })
  const [scope, setScope] = useState('board')
  const [withoutNames, setWithoutNames] = useState(false)
  const [pendingImport, setPendingImport] = useState<{ file: string; result: Extract<TldrReadResult, { ok: true }> } | null>(null)
  const [confirm, setConfirm] = useState<'replace' | 'close' | null>(null)
  const archived = meeting.archivedAt !== null

  const minutesNow = (): Minutes =>
    buildMinutes(doc, { ...readMinutesInputs(doc), lang: locale, timeZone: timeZone(), boardId, now: Date.now() })
  // The sections in reading order, named as in the minutes.
  const sections = useMemo(() => minutesNow().sections.filter((section) => section.id !== null), [doc, locale])
  const slug = fileSlug(meeting.title) || 'board'

  /** Runs one action, showing that it is busy and how it ended. */
  const run = async (action: () => Promise<string | null>) => {
    setStatus({ kind: 'busy' })
    try {
      const done = await action()
      setStatus(done ? { kind: 'done', text: done } : { kind: 'idle' })
    } catch (error) {
      const text = error instanceof NothingToExportError ? t('export.nothing') : t('export.failed', { message: (error as Error).message })
      setStatus({ kind: 'error', text })
    }
  }
  const save = (blob: Blob, file: string) => {
    downloadBlob(blob, file)
    return t('export.saved', { file })
  }

  const imageScope = (): ImageScope =>
    scope === 'board' ? { kind: 'board' } : scope === 'selection' ? { kind: 'selection' } : { kind: 'section', id: scope }
  const exportPicture = (format: ImageFormat) =>
    run(async () => {
      const { blob } = await exportImage(editor, imageScope(), format)
      const part = scope === 'board' ? 'board' : scope === 'selection' ? 'selection' : fileSlug(sections.find((s) => s.id === scope)?.title ?? '') || 'section'
      return save(blob, `${slug}-${part}.${format}`)
    })

  const exportPdf = () =>
    run(async () => {
      const minutes = minutesNow()
      const { buildMeetingPdf } = await import('./meeting-pdf')
      const pictures = []
      for (const section of minutes.sections) {
        if (section.id === null || !editor.getShape(section.id as never)) continue
        const image = await exportImage(editor, { kind: 'section', id: section.id }, 'png')
        pictures.push({ title: section.title, png: new Uint8Array(await image.blob.arrayBuffer()), width: image.width, height: image.height })
      }
      const bytes = await buildMeetingPdf(minutes, pictures)
      return save(new Blob([bytes as BlobPart], { type: 'application/pdf' }), minutesFileName(minutes, 'pdf'))
    })

  const exportBackup = () =>
    run(async () => save(new Blob([await serializeBoardFile(editor, meeting)], { type: TLDR_MIME_TYPE }), `${slug}${TLDR_EXTENSION}`))

  const readImport = async (file: File) => {
    setPendingImport(null)
    setConfirm(null)
    const result = readBoardFile(await file.text(), editor.store.schema, editor.store.scopedTypes.document)
    if (!result.ok) {
      setStatus({ kind: 'error', text: t(`export.import.error.${result.error}` as MessageKey) })
      return
    }
    setStatus({ kind: 'idle' })
    setPendingImport({ file: file.name, result })
  }
  const importFailed = (error: unknown) => {
    throw new Error(t('export.import.error.failed', { message: (error as Error).message }))
  }
  const importAsNew = (result: Extract<TldrReadResult, { ok: true }>) =>
    run(async () => {
      const id = await importIntoNewBoard(result.records, result.meeting).catch(importFailed)
      // Whoever brings the backup in runs the new board, like the creator of a board.
      markFacilitator(id!)
      location.assign(`/b/${id}`)
      return t('export.import.done')
    })
  const importReplacing = (result: Extract<TldrReadResult, { ok: true }>) =>
    run(async () => {
      await replaceBoardContent(editor, doc, boardId, result.records, result.meeting).catch(importFailed)
      setPendingImport(null)
      setConfirm(null)
      return t('export.import.done')
    })

  const archiveAction = (action: typeof closeMeeting) =>
    run(async () => {
      await action(boardId).catch((error: Error) => {
        throw new Error(t('archive.failed', { message: error.message }))
      })
      setConfirm(null)
      return null
    })

  const busy = status.kind === 'busy'
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
          <button type="button" disabled={busy} onClick={() => exportPicture('png')}>{t('export.image.png')}</button>
          <button type="button" disabled={busy} onClick={() => exportPicture('svg')}>{t('export.image.svg')}</button>
          <button type="button" disabled={busy} onClick={exportPdf}>{t('export.pdf')}</button>
        </div>
      </Group>

      <Group title={t('export.minutes.heading')}>
        <label className="gb-export__row">
          <input type="checkbox" checked={withoutNames} onChange={(event) => setWithoutNames(event.target.checked)} />
          <span>{t('export.minutes.withoutNames')}</span>
        </label>
        <div className="dialog__actions">
          {MINUTES_FORMATS.map((format) => {
            const query = new URLSearchParams({ lang: locale, tz: timeZone(), ...(withoutNames ? { names: '0' } : {}) })
            return (
              <a key={format} className="gb-export__link" href={`/api/boards/${encodeURIComponent(boardId)}/minutes.${format}?${query}`} download>
                {format.toUpperCase()}
              </a>
            )
          })}
        </div>
      </Group>

      <Group title={t('export.backup.heading')}>
        <div className="dialog__actions">
          <button type="button" disabled={busy} onClick={exportBackup}>{t('export.backup.download')}</button>
        </div>
        <label className="gb-export__row">
          <span>{t('export.import.label')}</span>
          <input
            type="file"
            accept={`${TLDR_EXTENSION},${TLDR_MIME_TYPE},application/json`}
            disabled={busy}
            data-testid="import-file"
            onChange={(event) => {
              const file = event.target.files?.[0]
              if (file) void readImport(file)
            }}
          />
        </label>
        {pendingImport && (
          <div className="dialog__actions">
            <button type="button" disabled={busy} onClick={() => importAsNew(pendingImport.result)}>{t('export.import.asNew')}</button>
            {facilitator && !archived && (
              <button type="button" disabled={busy} onClick={() => setConfirm('replace')}>{t('export.import.replace')}</button>
            )}
          </div>
        )}
        {pendingImport && confirm === 'replace' && (
          <Confirm
            text={t('export.import.confirm', { file: pendingImport.file })}
            action={t('export.import.confirmButton')}
            busy={busy}
            onConfirm={() => importReplacing(pendingImport.result)}
            onCancel={() => setConfirm(null)}
          />
        )}
      </Group>

      {facilitator && (
        <Group title={t('archive.heading')}>
          <div className="dialog__actions">
            {archived ? (
              <button type="button" disabled={busy} onClick={() => archiveAction(reopenMeeting)}>{t('archive.reopen')}</button>
            ) : (
              <button type="button" disabled={busy} onClick={() => setConfirm('close')}>{t('archive.close')}</button>
            )}
          </div>
          {confirm === 'close' && !archived && (
            <Confirm
              text={t('archive.closeConfirm')}
              action={t('archive.closeButton')}
              busy={busy}
              onConfirm={() => archiveAction(closeMeeting)}
              onCancel={() => setConfirm(null)}
            />
          )}
        </Group>
      )}

      <p className="gb-export__status" role={status.kind === 'error' ? 'alert' : 'status'} data-testid="export-status" data-state={status.kind}>
        {status.kind === 'busy' ? t('export.busy') : status.kind === 'done' || status.kind === 'error' ? status.text : ''}
      </p>
      <div className="dialog__actions">
        <button type="button" onClick={onClose}>{t('export.close')}</button>
      </div>
    </ModalDialog>
  )
}

function Group({ title, children }: { title: string; children: ReactNode }) {
  const id = useId()
  return (
    <section className="gb-export__group" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  )
}

function Confirm(props: { text: string; action: string; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  const { t } = useI18n()
  return (
    <div className="gb-export__confirm" role="group">
      <p>{props.text}</p>
      <div className="dialog__actions">
        <button type="button" className="gb-export__danger" disabled={props.busy} onClick={props.onConfirm}>{props.action}</button>
        <button type="button" disabled={props.busy} onClick={props.onCancel}>{t('export.cancel')}</button>
      </div>
    </div>
  )
}

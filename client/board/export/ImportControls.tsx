import { useId, useState } from 'react'
import type { Editor } from 'tldraw'
import type * as Y from 'yjs'
import { useI18n } from '../../i18n/I18nProvider'
import type { MessageKey } from '../../i18n/messages'
import { importIntoNewBoard, replaceBoardContent } from './board-import'
import { viewPath } from '../../session/link-access'
import { Confirm, ShownError, type RunAction } from './dialog-parts'
import { FileButton } from '../../ui/FileButton'
import { TLDR_EXTENSION, TLDR_MIME_TYPE, readBoardFile, type TldrReadResult } from './tldr-file'

type ReadableFile = Extract<TldrReadResult, { ok: true }>

/**
 * Importing a `.tldr` backup: the file is read and checked first (a broken or foreign one is
 * refused with the reason, and nothing changes); then it opens as a new board, or, for the
 * facilitator of an open meeting and after a confirmation, replaces this board's content.
 */
export function ImportControls(props: {
  editor: Editor
  doc: Y.Doc
  boardId: string
  mayReplace: boolean
  busy: boolean
  run: RunAction
}) {
  const { editor, doc, boardId, mayReplace, busy, run } = props
  const { t } = useI18n()
  const [pending, setPending] = useState<{ name: string; file: ReadableFile } | null>(null)
  const [confirming, setConfirming] = useState(false)
  const inputId = useId()

  const read = (file: File) =>
    run(async () => {
      setPending(null)
      setConfirming(false)
      const result = readBoardFile(await file.text(), editor.store.schema, editor.store.scopedTypes.document)
      if (!result.ok) throw new ShownError(t(`export.import.error.${result.error}` as MessageKey))
      setPending({ name: file.name, file: result })
      return null
    })
  const failed = (error: unknown): never => {
    throw new ShownError(t('export.import.error.failed', { message: (error as Error).message }))
  }
  const openAsNew = (file: ReadableFile) =>
    run(async () => {
      const id = await importIntoNewBoard(file.records, file.meeting).catch(failed)
      location.assign(viewPath(id, 'board'))
      return t('export.import.done')
    })
  const replace = (file: ReadableFile) =>
    run(async () => {
      await replaceBoardContent(editor, doc, boardId, file.records, file.meeting).catch(failed)
      setPending(null)
      setConfirming(false)
      return t('export.import.done')
    })

  return (
    <>
      <p className="gb-export__row">
        <FileButton
          id={`${inputId}-file`}
          label={t('export.import.label')}
          accept={`${TLDR_EXTENSION},${TLDR_MIME_TYPE},application/json`}
          disabled={busy}
          onChoose={(file) => void read(file)}
          testId="import-file"
        />
        {pending && <span data-testid="import-chosen">{t('export.import.chosen', { file: pending.name })}</span>}
      </p>
      {pending && (
        <div className="dialog__actions">
          <button type="button" className="button button--small" disabled={busy} onClick={() => openAsNew(pending.file)}>
            {t('export.import.asNew')}
          </button>
          {mayReplace && (
            <button type="button" className="button button--small" disabled={busy} onClick={() => setConfirming(true)}>
              {t('export.import.replace')}
            </button>
          )}
        </div>
      )}
      {pending && confirming && mayReplace && (
        <Confirm
          text={t('export.import.confirm', { file: pending.name })}
          action={t('export.import.confirmButton')}
          busy={busy}
          onConfirm={() => replace(pending.file)}
          onCancel={() => setConfirming(false)}
        />
      )}
    </>
  )
}

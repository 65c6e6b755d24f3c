import { useEffect, useState, type FormEvent } from 'react'
import type { SnapshotInfo } from '../../../shared/model/snapshots'
import { SNAPSHOT_NAME_MAX } from '../../../shared/model/snapshots'
import { requestJson } from '../../session/api'
import { useI18n } from '../../i18n/I18nProvider'
import { fetchImageUrl } from '../export/download'
import { formatMoment } from '../../ui/format-day'
import { FailureNote } from './FailureNote'

const snapshotsPath = (boardId: string) => `/api/boards/${encodeURIComponent(boardId)}/snapshots`

/**
 * Named snapshots: save the board as it is now, look at earlier ones, and restore one (the server
 * keeps the state before the restore as a snapshot too, so nothing is lost).
 */
export function SnapshotsSection({ boardId, snapshots, author }: { boardId: string; snapshots: SnapshotInfo[]; author: string }) {
  const { t, locale } = useI18n()
  const [name, setName] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [preview, setPreview] = useState<string | null>(null)
  const [confirming, setConfirming] = useState<string | null>(null)

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true)
    setError(null)
    try {
      await action()
    } catch (failure) {
      setError((failure as Error).message)
    } finally {
      setBusy(false)
    }
  }
  const save = (event: FormEvent) => {
    event.preventDefault()
    if (!name.trim()) return
    void run(async () => {
      await requestJson(snapshotsPath(boardId), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name, author }) })
      setName('')
    })
  }
  const restore = (id: string) => {
    setConfirming(null)
    void run(() =>
      requestJson(`${snapshotsPath(boardId)}/${id}/restore`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ author }),
      }),
    )
  }
  const nameOf = (id: string) => snapshots.find((snapshot) => snapshot.id === id)?.name ?? ''
  const when = (at: number) => formatMoment(at, locale)

  return (
    <section className="gb-facilitate__section" aria-labelledby="gb-snapshots-heading">
      <h3 id="gb-snapshots-heading">{t('snapshot.heading')}</h3>
      <form className="gb-facilitate__row gb-snapshots__form" onSubmit={save}>
        <label className="field field--inline">
          <span>{t('snapshot.name')}</span>
          <input value={name} maxLength={SNAPSHOT_NAME_MAX} onChange={(e) => setName(e.target.value)} placeholder={t('snapshot.placeholder')} data-testid="snapshot-name" />
        </label>
        <button type="submit" className="button button--small" disabled={busy || !name.trim()} data-testid="snapshot-save">
          {t('snapshot.save')}
        </button>
      </form>
      {snapshots.length === 0 && <p className="gb-muted">{t('snapshot.none')}</p>}
      <ul className="gb-snapshots">
        {[...snapshots].reverse().map((snapshot) => (
          <li key={snapshot.id} className="gb-snapshots__item" data-testid="snapshot">
            <span className="gb-snapshots__name">
              {snapshot.beforeRestoreOf ? t('snapshot.beforeRestore', { name: nameOf(snapshot.beforeRestoreOf) }) : snapshot.name}
            </span>
            <span className="gb-muted">{t('snapshot.meta', { time: when(snapshot.at), author: snapshot.author })}</span>
            <span className="gb-facilitate__row">
              <button type="button" className="button button--quiet button--small" aria-expanded={preview === snapshot.id} onClick={() => setPreview(preview === snapshot.id ? null : snapshot.id)}>
                {t('snapshot.preview')}
              </button>
              {confirming === snapshot.id ? (
                <>
                  <button type="button" className="button button--small" disabled={busy} onClick={() => restore(snapshot.id)} data-testid="snapshot-restore-confirm">
                    {t('snapshot.restore.yes')}
                  </button>
                  <button type="button" className="button button--quiet button--small" onClick={() => setConfirming(null)}>
                    {t('dialog.cancel')}
                  </button>
                </>
              ) : (
                <button type="button" className="button button--quiet button--small" onClick={() => setConfirming(snapshot.id)}>
                  {t('snapshot.restore')}
                </button>
              )}
            </span>
            {confirming === snapshot.id && <p className="gb-muted">{t('snapshot.restore.confirm')}</p>}
            {preview === snapshot.id && (
              <SnapshotPreview
                boardId={boardId}
                path={`${snapshotsPath(boardId)}/${snapshot.id}/preview.svg`}
                alt={t('snapshot.previewAlt', { name: snapshot.name })}
              />
            )}
          </li>
        ))}
      </ul>
      <FailureNote message={error} />
    </section>
  )
}

/**
 * A snapshot's picture. The API takes the link token only as a header, which an `<img>` cannot
 * send, so the picture is fetched with it and shown from a blob URL.
 */
function SnapshotPreview({ boardId, path, alt }: { boardId: string; path: string; alt: string }) {
  const { t } = useI18n()
  const [src, setSrc] = useState<string | null>(null)
  const [failed, setFailed] = useState<string | null>(null)
  useEffect(() => {
    const abort = new AbortController()
    let url: string | null = null
    fetchImageUrl(boardId, path, abort.signal).then(
      (loaded) => {
        if (abort.signal.aborted) URL.revokeObjectURL(loaded)
        else setSrc((url = loaded))
      },
      (error: unknown) => {
        if (!abort.signal.aborted) setFailed((error as Error).message)
      },
    )
    return () => {
      abort.abort()
      if (url) URL.revokeObjectURL(url)
    }
  }, [boardId, path])
  if (failed) return <FailureNote message={failed} />
  return src ? <img className="gb-snapshots__preview" src={src} alt={alt} data-testid="snapshot-preview" /> : <p className="gb-muted" role="status">{t('snapshot.previewLoading')}</p>
}

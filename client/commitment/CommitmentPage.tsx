import { useEffect, useRef, useState, type FormEvent } from 'react'
import { COMMITMENT_NOTE_LIMIT, COMMITMENT_STATUSES, type CommitmentStatus } from '../../shared/series/commitment-status'
import type { CommitmentView } from '../../shared/series/series-view'
import { useI18n } from '../i18n/I18nProvider'
import { pluralKey } from '../i18n/plural'
import { randomId } from '../question-map/random-id'
import { commitmentToken, getCommitment, reportStatus, uploadCommitmentPhoto } from '../session/series-api'
import { FrontPage } from '../ui/FrontPage'
import { formatDay } from '../ui/format-day'
import { StatusHistory } from '../ui/StatusHistory'
import { FileButton } from '../ui/FileButton'
import { resizePhoto } from '../ui/photo-resize'
import '../ui/series.css'

/**
 * The phone page of one commitment, opened with its owner's link (no account): what was committed,
 * its status and history, and a form to report a new status with a short note and a photo.
 */
export default function CommitmentPage({ commitmentId }: { commitmentId: string }) {
  const { t, locale } = useI18n()
  const [token] = useState(() => commitmentToken(commitmentId))
  const [loaded, setLoaded] = useState<{ title: string; commitment: CommitmentView } | { error: string } | null>(null)
  const [status, setStatus] = useState<CommitmentStatus>('open')
  const [note, setNote] = useState('')
  const [photo, setPhoto] = useState<File | null>(null)
  const [saved, setSaved] = useState<string | null>(null)
  const [failure, setFailure] = useState<string | null>(null)
  // The key of the report last sent without an answer: sending the same report again (the
  // network dropped the answer) reuses it, so the server stores the report once.
  const unanswered = useRef<{ report: string; key: string; photo: string | null } | null>(null)
  useEffect(() => {
    getCommitment(commitmentId, token)
      .then(({ series, commitment }) => {
        setLoaded({ title: series.title, commitment })
        setStatus(commitment.status)
      })
      .catch((error: unknown) => setLoaded({ error: error instanceof Error ? error.message : String(error) }))
  }, [commitmentId, token])
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!loaded || 'error' in loaded) return
    // The same report as the one last sent without an answer: sent again with its key and its
    // uploaded photo, so that the server stores it once (a new upload would make it another report).
    const report = JSON.stringify([status, note, photo?.name ?? null, photo?.size ?? null, photo?.lastModified ?? null])
    const retry = unanswered.current?.report === report ? unanswered.current : null
    try {
      const uploaded = retry ? retry.photo : await uploadPhoto()
      if (uploaded === undefined) return
      const sending = (unanswered.current = retry ?? { report, key: randomId(), photo: uploaded })
      const { boards, ...commitment } = await reportStatus(commitmentId, token, { status, note, photo: sending.photo, key: sending.key })
      unanswered.current = null
      setLoaded({ title: loaded.title, commitment })
      setNote('')
      setPhoto(null)
      setFailure(null)
      const saved = t('commitment.saved', { status: t(`commitment.status.${commitment.status}`) })
      setSaved(boards.pending === 0 ? saved : `${saved} ${t(pluralKey(locale, 'commitment.boardsPending', boards.pending), { count: boards.pending })}`)
    } catch (error) {
      setSaved(null)
      setFailure(error instanceof Error ? error.message : String(error))
    }
  }
  /** The chosen photo stored for the report: its path, null without one, undefined when it cannot be read. */
  const uploadPhoto = async (): Promise<string | null | undefined> => {
    if (!photo) return null
    // Resized and re-encoded here, as the phone page does with a card's photo: a fraction of the
    // camera's bytes on mobile data, and the location it wrote beside the pixels stays here.
    const resized = await resizePhoto(photo).then((made) => made.blob, () => null)
    if (!resized) {
      setSaved(null)
      setFailure(t('photo.unreadable'))
      return undefined
    }
    return (await uploadCommitmentPhoto(commitmentId, token, resized)).photo
  }
  return (
    <FrontPage>
      <main className="page page--narrow gb-series" data-testid="commitment-page">
        {loaded === null && <p role="status">{t('series.loading')}</p>}
        {loaded && 'error' in loaded && (
          <>
            <h1>{t('commitment.linkRequired')}</h1>
            <p role="alert">{loaded.error}</p>
          </>
        )}
        {loaded && 'commitment' in loaded && (
          <>
            <p className="gb-series__meta">{t('commitment.of', { series: loaded.title })}</p>
            <h1 className="gb-series__text">{loaded.commitment.what}</h1>
            <p className="gb-series__meta">
              {[loaded.commitment.owner, loaded.commitment.city, loaded.commitment.due ? t('series.due', { date: formatDay(loaded.commitment.due, locale) }) : '']
                .filter(Boolean)
                .join(' · ')}
            </p>
            <p>
              {t('commitment.current')}: <strong data-testid="commitment-status">{t(`commitment.status.${loaded.commitment.status}`)}</strong>
            </p>
            <form onSubmit={(event) => void submit(event)}>
              <fieldset className="gb-commitment__statuses">
                <legend>{t('commitment.newStatus')}</legend>
                {COMMITMENT_STATUSES.map((option) => (
                  <label key={option} className="gb-series__check">
                    <input type="radio" name="status" value={option} checked={status === option} onChange={() => setStatus(option)} />
                    {t(`commitment.status.${option}`)}
                  </label>
                ))}
              </fieldset>
              <label className="field">
                <span>{t('commitment.note')}</span>
                <textarea value={note} maxLength={COMMITMENT_NOTE_LIMIT} rows={3} onChange={(event) => setNote(event.target.value)} />
              </label>
              <div className="field">
                <FileButton id="gb-commitment-photo" label={t('commitment.photo')} accept="image/jpeg,image/png,image/webp" capture="environment" onChoose={setPhoto} />
                {photo && <p>{t('commitment.photoChosen', { file: photo.name })}</p>}
              </div>
              <button type="submit" className="button">
                {t('commitment.report')}
              </button>
            </form>
            <div aria-live="polite">
              {saved && <p role="status">{saved}</p>}
              {failure && <p role="alert">{failure}</p>}
            </div>
            <h2>{t('commitment.history')}</h2>
            <StatusHistory history={loaded.commitment.history} />
          </>
        )}
      </main>
    </FrontPage>
  )
}

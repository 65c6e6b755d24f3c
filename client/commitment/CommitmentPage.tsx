import { useEffect, useState, type FormEvent } from 'react'
import { COMMITMENT_NOTE_LIMIT, COMMITMENT_STATUSES, type CommitmentStatus } from '../../shared/series/commitment-status'
import type { CommitmentView } from '../../shared/series/series-view'
import { useI18n } from '../i18n/I18nProvider'
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
    // Resized and re-encoded here, as the phone page does with a card's photo: a fraction of the
    // camera's bytes on mobile data, and the location it wrote beside the pixels stays here.
    const resized = photo && (await resizePhoto(photo).then((made) => made.blob, () => null))
    if (photo && !resized) {
      setSaved(null)
      setFailure(t('photo.unreadable'))
      return
    }
    try {
      const uploaded = resized ? (await uploadCommitmentPhoto(commitmentId, token, resized)).photo : null
      const commitment = await reportStatus(commitmentId, token, status, note, uploaded)
      setLoaded({ title: loaded.title, commitment })
      setNote('')
      setPhoto(null)
      setFailure(null)
      setSaved(t('commitment.saved', { status: t(`commitment.status.${commitment.status}`) }))
    } catch (error) {
      setSaved(null)
      setFailure(error instanceof Error ? error.message : String(error))
    }
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

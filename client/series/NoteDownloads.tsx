import { useState } from 'react'
import { NOTE_FORMATS, type NoteFormat } from '../../shared/series/learning-note/formats'
import { useI18n } from '../i18n/I18nProvider'
import { downloadLearningNote } from '../session/series-api'

const FORMATS = NOTE_FORMATS.filter((format): format is Exclude<NoteFormat, 'json'> => format !== 'json')

/** The learning note as a file, in the page's language: fetched with the series link, then saved. */
export function NoteDownloads({ seriesId, token }: { seriesId: string; token: string | null }) {
  const { t, locale } = useI18n()
  const [failure, setFailure] = useState<string | null>(null)
  const download = async (format: NoteFormat) => {
    try {
      const { blob, fileName } = await downloadLearningNote(seriesId, token, format, locale)
      const url = URL.createObjectURL(blob)
      const anchor = document.createElement('a')
      anchor.href = url
      anchor.download = fileName
      anchor.click()
      setTimeout(() => URL.revokeObjectURL(url), 10_000)
      setFailure(null)
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error))
    }
  }
  return (
    <section aria-labelledby="gb-series-note">
      <h2 id="gb-series-note">{t('series.note')}</h2>
      <p>{t('series.noteHint')}</p>
      <div className="gb-series__row">
        {FORMATS.map((format) => (
          <button key={format} type="button" className="button button--small" onClick={() => void download(format)}>
            {t('series.download', { format: format.toUpperCase() })}
          </button>
        ))}
      </div>
      {failure && <p role="alert">{failure}</p>}
    </section>
  )
}

import { useState, type FormEvent } from 'react'
import type { SeriesView } from '../../shared/series/series-view'
import { useI18n } from '../i18n/I18nProvider'
import { mergeCities, renewSeriesLink } from '../session/series-api'
import { CopyableLink } from '../ui/CopyableLink'

/** For the manage link: the series' two links (each to renew), and merging the spellings of one city. */
export function ManageSeries({ series, token, onChange }: { series: SeriesView; token: string | null; onChange(): void }) {
  const { t } = useI18n()
  const [picked, setPicked] = useState<string[]>([])
  const [into, setInto] = useState('')
  const [failure, setFailure] = useState<string | null>(null)
  const renew = async (role: 'manage' | 'read') => {
    try {
      const { links } = await renewSeriesLink(series.id, token, role)
      // The page goes by the manage link in its address: after renewing it, the new one.
      if (role === 'manage') {
        location.replace(links.manage)
        location.reload()
      }
      else onChange()
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error))
    }
  }
  const merge = async (event: FormEvent) => {
    event.preventDefault()
    try {
      await mergeCities(series.id, token, picked, into)
      setPicked([])
      setFailure(null)
      onChange()
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error))
    }
  }
  return (
    <section aria-labelledby="gb-series-manage">
      <h2 id="gb-series-manage">{t('series.manage')}</h2>
      {series.links && (
        <div className="gb-series__links">
          {(['read', 'manage'] as const).map((role) => (
            <div key={role} className="gb-series__row">
              <CopyableLink url={series.links![role]} label={t(role === 'read' ? 'series.readLink' : 'series.manageLink')} />
              <button type="button" className="button button--small button--quiet" onClick={() => void renew(role)}>
                {t(role === 'read' ? 'series.renewRead' : 'series.renewManage')}
              </button>
            </div>
          ))}
        </div>
      )}
      <form onSubmit={(event) => void merge(event)} className="gb-series__merge">
        <fieldset>
          <legend>{t('series.mergeLegend')}</legend>
          {series.spellings.map((spelling) => (
            <label key={spelling.name} className="gb-series__check">
              <input
                type="checkbox"
                checked={picked.includes(spelling.name)}
                onChange={(event) => setPicked((now) => (event.target.checked ? [...now, spelling.name] : now.filter((name) => name !== spelling.name)))}
              />
              {spelling.name === spelling.city ? spelling.name : t('series.spellingOf', { name: spelling.name, city: spelling.city })} ({spelling.count})
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span>{t('series.mergeInto')}</span>
          <input value={into} list="gb-series-cities" onChange={(event) => setInto(event.target.value)} />
          <datalist id="gb-series-cities">
            {series.cities.map((city) => (
              <option key={city} value={city} />
            ))}
          </datalist>
        </label>
        <button type="submit" className="button" disabled={picked.length === 0 || into.trim() === ''}>
          {t('series.merge')}
        </button>
        {failure && <p role="alert">{failure}</p>}
      </form>
    </section>
  )
}

import { cardSource, cityTitle } from '../../shared/series/learning-note/phrases'
import { noteStrings } from '../../shared/series/learning-note/strings'
import { NOTE_PARTS, type LearningNote } from '../../shared/series/learning-note/types'
import { useI18n } from '../i18n/I18nProvider'

/** What worked and what did not (and what was asked, the ideas) across the meetings, by city and section. */
export function LearnedByCity({ note }: { note: LearningNote }) {
  const { t } = useI18n()
  const strings = noteStrings(note.lang)
  const cities = note.cities.filter((city) => NOTE_PARTS.some((part) => city.parts[part].length > 0))
  return (
    <section aria-labelledby="gb-series-learned" data-testid="series-learned">
      <h2 id="gb-series-learned">{t('series.learned')}</h2>
      {cities.length === 0 && <p>{t('series.nothingLearned')}</p>}
      {cities.map((city) => (
        <div key={city.city} className="gb-series__city">
          <h3>{cityTitle(note, city)}</h3>
          {NOTE_PARTS.filter((part) => city.parts[part].length > 0).map((part) => (
            <div key={part}>
              <h4>{strings.parts[part]}</h4>
              <ul className="gb-series__list">
                {city.parts[part].map((card, i) => (
                  <li key={i}>
                    <p className="gb-series__text">{card.text}</p>
                    <p className="gb-series__meta">{cardSource(note, card)}</p>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      ))}
    </section>
  )
}

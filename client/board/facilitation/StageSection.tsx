import type * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'
import { writeStage, type StageSettings } from '../../../shared/model/stage'
import { useI18n } from '../../i18n/I18nProvider'
import { useBoardAccess } from '../../session/board-access'
import { serverNow } from '../../session/server-clock'
import { presenceUserId } from './leader-viewport'

/**
 * The projector and everyone's viewport, steered from the facilitator's laptop: open the stage,
 * its look (daylight, large type), "follow me" and "bring everyone here". The stage opens with the
 * stage link, never with this device's facilitator token: the projecting machine can then only
 * watch and follow. Until the server has told us the links (offline start) there is nothing to open.
 */
export function StageSection({ boardId, doc, awareness, stage }: { boardId: string; doc: Y.Doc; awareness: Awareness; stage: StageSettings }) {
  const { t } = useI18n()
  const stageLink = useBoardAccess(boardId)?.links?.stage ?? null
  const me = () => ({ userId: presenceUserId(), clientId: awareness.clientID })
  const followingMe = stage.follow?.clientId === awareness.clientID
  return (
    <section className="gb-facilitate__section" aria-labelledby="gb-stage-heading">
      <h3 id="gb-stage-heading">{t('stage.heading')}</h3>
      <p>
        {stageLink ? (
          <a className="button button--small" href={stageLink} target="_blank" rel="noopener" data-testid="open-stage">
            {t('stage.open')}
          </a>
        ) : (
          <button type="button" className="button button--small" disabled data-testid="open-stage">
            {t('stage.open')}
          </button>
        )}
      </p>
      <label className="choice">
        <input
          type="checkbox"
          checked={stage.theme === 'daylight'}
          onChange={(event) => writeStage(doc, { theme: event.target.checked ? 'daylight' : 'standard' })}
          data-testid="stage-daylight"
        />
        {t('stage.daylight')}
      </label>
      <label className="choice">
        <input type="checkbox" checked={stage.largeType} onChange={(event) => writeStage(doc, { largeType: event.target.checked })} />
        {t('stage.largeType')}
      </label>
      <div className="gb-facilitate__row">
        <button
          type="button"
          className="button button--small"
          aria-pressed={followingMe}
          onClick={() => writeStage(doc, { follow: followingMe ? null : { ...me(), since: serverNow() } })}
          data-testid="follow-me"
        >
          {t(followingMe ? 'follow.me.stop' : 'follow.me')}
        </button>
        <button type="button" className="button button--small" onClick={() => writeStage(doc, { summon: { ...me(), at: serverNow() } })} data-testid="summon">
          {t('follow.summon')}
        </button>
      </div>
    </section>
  )
}

import { useEffect, useState } from 'react'
import { useI18n } from '../i18n/I18nProvider'
import { NotFoundPage } from '../app/NotFoundPage'
import { getServerConfig } from '../session/api'
import { checkAccess, rememberedAccess } from '../session/board-access'
import { LinkRequiredPage } from '../app/LinkRequiredPage'
import { needsLicenseNotice } from './tldraw/license'
import { LicenseNotice } from './tldraw/LicenseNotice'
import { BoardCanvas, type BoardExtension } from './tldraw/BoardCanvas'
import { questionMapExtension } from './question-map-extension'
import './board.css'
import { LOCAL_KEYS } from '../session/storage-keys'

type Gate =
  | { state: 'checking' }
  | { state: 'not-found' }
  | { state: 'no-link' }
  | { state: 'license' }
  | { state: 'open'; licenseKey: string | null }

/**
 * Asks the server whether the board exists, what this device's link opens, and for the tldraw
 * licence key. When the server can't be reached the board still opens from this device's copy,
 * with the last licence key we were given.
 */
async function checkBoard(boardId: string): Promise<Gate> {
  // Both at once: on a phone's mobile data each question costs a round trip.
  const [access, config] = await Promise.all([checkAccess(boardId), getServerConfig().catch(() => null)])
  if (access.state !== 'open') return access
  let licenseKey = localStorage.getItem(LOCAL_KEYS.tldrawLicenseKey)
  // Offline (no config): keep the cached key.
  if (config) {
    licenseKey = config.tldrawLicenseKey
    if (licenseKey) localStorage.setItem(LOCAL_KEYS.tldrawLicenseKey, licenseKey)
    else localStorage.removeItem(LOCAL_KEYS.tldrawLicenseKey)
  }
  if (needsLicenseNotice(location, licenseKey)) return { state: 'license' }
  return { state: 'open', licenseKey }
}

/**
 * The gate as this device last passed it with this link (its access and the licence key, both
 * kept from the last answers), so that a return visit opens the board from this device's copy at
 * once rather than after the server's answers; null on a first visit.
 */
function rememberedGate(boardId: string): Gate | null {
  if (!rememberedAccess(boardId)) return null
  const licenseKey = localStorage.getItem(LOCAL_KEYS.tldrawLicenseKey)
  return needsLicenseNotice(location, licenseKey) ? null : { state: 'open', licenseKey }
}

/**
 * The board route: gatekeeping (exists? licence?) before the canvas mounts. Joining (name, on site
 * or remote, city) happens over the mounted board, where the meeting's list of cities is known.
 */
export default function BoardPage({ boardId, extension = questionMapExtension }: { boardId: string; extension?: BoardExtension }) {
  const { t } = useI18n()
  const [gate, setGate] = useState<Gate>(() => rememberedGate(boardId) ?? { state: 'checking' })

  useEffect(() => {
    let cancelled = false
    void checkBoard(boardId).then((result) => {
      // The same answer as remembered keeps the open board as it is (no new canvas).
      if (!cancelled) setGate((shown) => (shown.state === 'open' && result.state === 'open' && shown.licenseKey === result.licenseKey ? shown : result))
    })
    return () => {
      cancelled = true
    }
  }, [boardId])

  switch (gate.state) {
    case 'checking':
      return <p className="board-loading" role="status">{t('board.loading')}</p>
    case 'not-found':
      return <NotFoundPage />
    case 'no-link':
      return <LinkRequiredPage />
    case 'license':
      return <LicenseNotice />
    case 'open':
      return <BoardCanvas boardId={boardId} licenseKey={gate.licenseKey} extension={extension} />
  }
}

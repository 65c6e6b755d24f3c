import { useEffect, useState } from 'react'
import { useI18n } from '../i18n/I18nProvider'
import { NotFoundPage } from '../app/NotFoundPage'
import { getServerConfig } from '../session/api'
import { checkAccess } from '../session/board-access'
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
  const access = await checkAccess(boardId)
  if (access.state !== 'open') return access
  let licenseKey = localStorage.getItem(LOCAL_KEYS.tldrawLicenseKey)
  try {
    licenseKey = (await getServerConfig()).tldrawLicenseKey
    if (licenseKey) localStorage.setItem(LOCAL_KEYS.tldrawLicenseKey, licenseKey)
    else localStorage.removeItem(LOCAL_KEYS.tldrawLicenseKey)
  } catch {
    // offline: keep the cached key
  }
  if (needsLicenseNotice(location, licenseKey)) return { state: 'license' }
  return { state: 'open', licenseKey }
}

/**
 * The board route: gatekeeping (exists? licence?) before the canvas mounts. Joining (name, on site
 * or remote, city) happens over the mounted board, where the meeting's list of cities is known.
 */
export default function BoardPage({ boardId, extension = questionMapExtension }: { boardId: string; extension?: BoardExtension }) {
  const { t } = useI18n()
  const [gate, setGate] = useState<Gate>({ state: 'checking' })

  useEffect(() => {
    let cancelled = false
    void checkBoard(boardId).then((result) => {
      if (!cancelled) setGate(result)
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

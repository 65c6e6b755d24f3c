/**
 * Everything this app keeps in the browser, in one place: what a device remembers of people and
 * boards, and what clearing the site's data forgets. Each entry is read and written by one module
 * (named with it).
 */

/** localStorage: kept until the person clears the site's data. */
export const LOCAL_KEYS = {
  /** The language picked by hand (client/i18n/I18nProvider.tsx). */
  locale: 'gatherboard.locale',
  /** This device's person: user id, name, whereabouts, city (identity.ts). */
  profile: 'gatherboard.profile',
  /** Where tldraw kept the id and name before `profile` held them; only read (identity.ts). */
  tldrawUser: 'TLDRAW_USER_DATA_v3',
  /** Random per device; the server derives the device's voter id on each board from it (link-access.ts). */
  voterKey: 'gatherboard.voterKey',
  /** The server's tldraw licence key, for starts without a network (client/board/BoardPage.tsx). */
  tldrawLicenseKey: 'gatherboard.tldrawLicenseKey',
  /** Whether the timer rings at zero on this device (client/board/facilitation/TimerDisplay.tsx). */
  timerSound: 'gatherboard.timerSound',
  /** The board's link token (link-access.ts); the stage view's own with `.stage` appended. */
  linkToken: (boardId: string) => `gatherboard.link.${boardId}`,
  /** What the server last said about that link (link-access.ts); the stage view's with `.stage`. */
  access: (boardId: string) => `gatherboard.access.${boardId}`,
  /** This device's person has joined the board once (identity.ts). */
  joined: (boardId: string) => `gatherboard.joined.${boardId}`,
  /** This device has a copy of the board's document in IndexedDB (client/sync/board-connection.ts). */
  boardCopy: (boardId: string) => `gatherboard.copy.${boardId}`,
  /** A series' link token (series-api.ts), remembered like a board's. */
  seriesToken: (seriesId: string) => `gatherboard.series.${seriesId}`,
  /** A commitment owner's link token (series-api.ts). */
  commitmentToken: (commitmentId: string) => `gatherboard.commitment.${commitmentId}`,
  /** The cards sent from this phone (client/capture/sent-cards.ts). */
  sentCards: (boardId: string) => `gatherboard.sent.${boardId}`,
} as const

/** sessionStorage: kept for this tab, across reloads. */
export const SESSION_KEYS = {
  /** A new board's meeting setup, until the board has written it (pending-setup.ts). */
  pendingSetup: (boardId: string) => `gatherboard.setup.${boardId}`,
  /** When this tab last dropped its copy after a refusal (client/sync/refusals.ts). */
  reloadedAfterRefusal: (boardId: string) => `gatherboard.reloadedAfterRefusal.${boardId}`,
  /** The refusal that made the board reload, to say why after the reload (client/sync/refusals.ts). */
  refused: (boardId: string) => `gatherboard.refused.${boardId}`,
  /** The page this tab last loaded again because its code was gone (client/main.tsx). */
  reloadedForCode: 'gatherboard.reloadedForCode',
} as const

/** IndexedDB: this device's copy of the board's document (client/sync/board-connection.ts). */
export const boardCopyDatabase = (boardId: string) => `gatherboard-${boardId}`

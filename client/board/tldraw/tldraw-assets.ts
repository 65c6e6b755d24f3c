import { getAssetUrls } from '@tldraw/assets/selfHosted'

/**
 * tldraw's fonts, icons and translations, served by our own server under /tldraw-assets,
 * so the board never asks another host for anything.
 */
export const tldrawAssetUrls = getAssetUrls({ baseUrl: '/tldraw-assets' })

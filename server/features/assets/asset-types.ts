/**
 * The media a board may hold: the image and video types tldraw can show.
 *
 * SVG is accepted although it can carry scripts: assets are always served with a sandboxing
 * Content-Security-Policy (see assets-api.ts), so an SVG opened directly cannot run code on our
 * origin, and inside the canvas it is drawn as an <img>, where scripts never run.
 */
export const ALLOWED_ASSET_TYPES: ReadonlySet<string> = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/apng',
  'image/avif',
  'image/svg+xml',
  'video/mp4',
  'video/webm',
  'video/quicktime',
])

/** The bare media type of a Content-Type header (`"image/png; x=y"` -> `"image/png"`). */
export function mediaTypeOf(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase()
}

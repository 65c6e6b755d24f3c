/**
 * What the board makes of pasted and dropped content, so that nothing on it loads from another
 * host: every browser on the board would otherwise fetch what one person pasted (a tracking pixel,
 * a video player, a page's metadata), and the server refuses such records anyway
 * (server/features/update-policy/judge-update.ts, for every role), which would cost the person a
 * reload.
 *
 * tldraw's defaults are replaced where they would reach another host:
 * - a URL (pasted as text, or a link dropped from another page) becomes a text shape with the URL
 *   as its text, instead of a bookmark (whose default handler fetches the page for its title,
 *   image and favicon) or an embed (an iframe of the other site);
 * - an embed (tldraw's "insert embed" dialog, pasted `<iframe>` code) becomes its URL as text too;
 * - tldraw content pasted from another board or another tldraw app keeps its shapes, but embeds
 *   and bookmarks are left out, and so are images and videos whose files are on another host;
 *   files of another board of this server are uploaded to this one (the same origin), as tldraw
 *   uploads pasted files that come as data URLs;
 * - looking up a URL's metadata (the "url" asset: bookmarks, an embed's aspect ratio) is refused.
 *
 * What stays tldraw's: files (dropped, pasted, inserted; uploaded to this board by our asset
 * store, client/sync/tldraw/asset-store.ts), plain and rich text (no images survive in rich text), SVG
 * text (sanitised by tldraw, which strips external references, then uploaded as a file), and
 * Excalidraw content (its images are data URLs, uploaded).
 */
import {
  defaultHandleExternalTextContent,
  defaultHandleExternalTldrawContent,
  type Editor,
  type TLAsset,
  type TLContent,
  type TLExternalContentSource,
  type TLShape,
  type TLUiOverrides,
  type VecLike,
} from 'tldraw'
import { assetPathBoard, isBoardAssetPath } from '../../../shared/model/asset-paths'

export interface OwnContentOptions {
  boardId: string
  /** Some pasted content was left out because it would have loaded from another host. */
  onLeftOut(): void
}

/** Shape types that show another site (an iframe, a page preview). */
const REMOTE_SHAPE_TYPES: ReadonlySet<string> = new Set(['embed', 'bookmark'])

/**
 * Replaces tldraw's handlers for URLs, embeds and pasted tldraw content on `editor` (call from
 * `onMount`, after tldraw registered its defaults). Returns nothing to undo: the handlers live as
 * long as the editor.
 */
export function keepContentOnThisServer(editor: Editor, options: OwnContentOptions): void {
  /** Clipboard readings already pasted as a whole (tldraw asks once per URL in a list of them). */
  const pastedSources = new WeakSet<TLExternalContentSource[]>()

  const pasteUrlAsText = (url: string, point: VecLike | undefined, sources: TLExternalContentSource[] | undefined) => {
    // A list of URLs on the clipboard comes here one by one; paste the list once, as it was copied.
    const copied = sources?.find((source) => source.type === 'text' && source.subtype !== 'html' && source.data.includes(url))
    if (sources && copied?.type === 'text') {
      if (pastedSources.has(sources)) return
      pastedSources.add(sources)
      return defaultHandleExternalTextContent(editor, { point, text: copied.data.trim() })
    }
    return defaultHandleExternalTextContent(editor, { point, text: url })
  }

  editor.registerExternalContentHandler('url', ({ url, point, sources }) => pasteUrlAsText(url, point, sources))
  editor.registerExternalContentHandler('embed', ({ url, point, sources }) => pasteUrlAsText(url, point, sources))
  editor.registerExternalContentHandler('tldraw', async ({ content, point }) => {
    const { kept, leftOut } = await withOwnAssetsOnly(content, options.boardId)
    if (leftOut) options.onLeftOut()
    if (kept.shapes.length > 0) await defaultHandleExternalTldrawContent(editor, { content: kept, point })
  })
  editor.registerExternalAssetHandler('url', async () => {
    throw new Error('gatherboard does not look up other sites')
  })
}

/**
 * The board's tldraw UI without the ways to embed another site: the embed tool, "Insert embed…"
 * (and its shortcut) and the conversions between bookmarks and embeds.
 */
export const withoutEmbeds: TLUiOverrides = {
  actions(_editor, actions) {
    const { 'insert-embed': _insert, 'convert-to-embed': _toEmbed, 'convert-to-bookmark': _toBookmark, ...rest } = actions
    return rest
  },
  tools(_editor, tools) {
    const { embed: _embed, ...rest } = tools
    return rest
  },
}

/**
 * `content` without what would load from another host: embeds, bookmarks, assets elsewhere and
 * the shapes showing them (with their children and bindings). Files of another board of this
 * server become data URLs, which tldraw uploads to this board as it pastes.
 */
async function withOwnAssetsOnly(content: TLContent, boardId: string): Promise<{ kept: TLContent; leftOut: boolean }> {
  const droppedAssets = new Set<string>()
  const assets: TLAsset[] = []
  for (const asset of content.assets) {
    const own = await ownAsset(asset, boardId)
    if (own) assets.push(own)
    else droppedAssets.add(asset.id)
  }
  const dropped = new Set<string>()
  const showsElsewhere = (shape: TLShape) => {
    if (REMOTE_SHAPE_TYPES.has(shape.type)) return true
    const assetId = (shape.props as { assetId?: unknown }).assetId
    return typeof assetId === 'string' && droppedAssets.has(assetId)
  }
  for (const shape of content.shapes) if (showsElsewhere(shape)) dropped.add(shape.id)
  // Children of a dropped shape go too (shapes come in any order: repeat until nothing changes).
  for (let changed = dropped.size > 0; changed; ) {
    changed = false
    for (const shape of content.shapes) {
      if (!dropped.has(shape.id) && dropped.has(shape.parentId)) {
        dropped.add(shape.id)
        changed = true
      }
    }
  }
  const leftOut = dropped.size > 0 || droppedAssets.size > 0
  if (!leftOut && assets.every((asset, i) => asset === content.assets[i])) return { kept: content, leftOut }
  return {
    leftOut,
    kept: {
      ...content,
      shapes: content.shapes.filter((shape) => !dropped.has(shape.id)),
      rootShapeIds: content.rootShapeIds.filter((id) => !dropped.has(id)),
      bindings: content.bindings?.filter((binding) => !dropped.has(binding.fromId) && !dropped.has(binding.toId)),
      assets,
    },
  }
}

/** The asset as this board may hold it, or null when it would load from another host. */
async function ownAsset(asset: TLAsset, boardId: string): Promise<TLAsset | null> {
  if (asset.type === 'bookmark') return null
  const src = asset.props.src
  if (src === null || src === '') return asset
  // tldraw uploads pasted files that come as data URLs (Editor.putContentOntoCurrentPage).
  if (/^data:(image|video)\//.test(src)) return asset
  const path = sameOriginPath(src)
  if (path === null) return null
  if (isBoardAssetPath(boardId, path)) return path === src ? asset : withSrc(asset, path)
  // A file of another board on this server: the URL is the capability, and the request stays here.
  if (assetPathBoard(path) === null) return null
  try {
    const response = await fetch(path)
    if (!response.ok) return null
    return withSrc(asset, await dataUrlOf(await response.blob()))
  } catch {
    return null
  }
}

/** The path of a URL on this origin (as the server writes asset URLs), or null for another host. */
function sameOriginPath(src: string): string | null {
  try {
    const url = new URL(src, location.href)
    return url.origin === location.origin && url.search === '' && url.hash === '' ? url.pathname : null
  } catch {
    return null
  }
}

function withSrc(asset: TLAsset, src: string): TLAsset {
  return { ...asset, props: { ...asset.props, src } } as TLAsset
}

function dataUrlOf(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(reader.result as string)
    reader.onerror = () => reject(reader.error ?? new Error('could not read the file'))
    reader.readAsDataURL(blob)
  })
}

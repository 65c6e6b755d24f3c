import type { TLAssetStore } from 'tldraw'
import { requestJson } from '../../session/api'

/**
 * Uploads dropped and pasted files to our server and keeps only their URL in the board.
 * Without an asset store tldraw inlines files as data URLs into the shared document, which
 * would make every peer download every image with every sync.
 */
export function createAssetStore(boardId: string, onRefused: (message: string) => void): TLAssetStore {
  return {
    async upload(_asset, file, abortSignal) {
      try {
        const { url } = await requestJson<{ url: string }>(`/api/boards/${encodeURIComponent(boardId)}/assets`, {
          method: 'POST',
          body: file,
          headers: {
            'Content-Type': file.type || 'application/octet-stream',
            'X-File-Name': encodeURIComponent(file.name),
          },
          signal: abortSignal ?? null,
        })
        return { src: url }
      } catch (error) {
        onRefused((error as Error).message)
        throw error
      }
    },
    resolve(asset) {
      return asset.props.src
    },
  }
}

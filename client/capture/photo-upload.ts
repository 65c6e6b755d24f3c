import { authHeaders } from '../session/link-access'
import { ApiError } from '../session/api'
import type { UploadedPhoto } from '../question-map/card-photo'
import type { ResizedPhoto } from '../ui/photo-resize'

/**
 * Sends a resized photo to the board's uploads (POST /api/boards/:id/assets), telling how much of
 * it has gone out (0..1). XMLHttpRequest rather than fetch: only it reports upload progress, which
 * a person on mobile data waiting for a photo needs to see. Fails with an ApiError carrying the
 * server's message, or a plain Error when the network failed.
 */
export function uploadPhoto(boardId: string, photo: ResizedPhoto, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<UploadedPhoto> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest()
    request.open('POST', `/api/boards/${encodeURIComponent(boardId)}/assets`)
    for (const [name, value] of Object.entries(authHeaders(boardId))) request.setRequestHeader(name, value)
    request.setRequestHeader('Content-Type', photo.blob.type)
    request.responseType = 'json'
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total)
    }
    request.onload = () => {
      const body = request.response as { url?: unknown; size?: unknown; contentType?: unknown; error?: unknown } | null
      if (request.status >= 200 && request.status < 300 && typeof body?.url === 'string') {
        onProgress(1)
        resolve({
          url: body.url,
          width: photo.width,
          height: photo.height,
          mimeType: typeof body.contentType === 'string' ? body.contentType : photo.blob.type,
          bytes: typeof body.size === 'number' && body.size > 0 ? body.size : photo.blob.size,
        })
      } else {
        reject(new ApiError(request.status, typeof body?.error === 'string' ? body.error : `${request.status} ${request.statusText}`))
      }
    }
    request.onerror = () => reject(new Error('network'))
    request.onabort = () => reject(new DOMException('aborted', 'AbortError'))
    signal?.addEventListener('abort', () => request.abort(), { once: true })
    request.send(photo.blob)
  })
}

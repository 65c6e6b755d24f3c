import { requestJson } from '../../session/api'
import { authHeaders } from '../../session/link-access'

/** Hands a file to the browser's downloads, without a server round trip. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  clickDownload(url, fileName)
  // The download has taken the blob by the next turn; keep the URL a little longer for slow browsers.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

function clickDownload(href: string, fileName: string): void {
  const link = document.createElement('a')
  link.href = href
  link.download = fileName
  link.style.display = 'none'
  document.body.append(link)
  link.click()
  link.remove()
}

/**
 * Downloads a file of the board from our API (the minutes), as the browser's own download: the API
 * takes the link token only as a header, which a followed link cannot send, so this first asks
 * for a download token for that one file (it works for a minute and opens nothing else) and then
 * lets the browser follow `path?d=<token>&<query>`. The browser streams the file to disk and keeps
 * the server's file name; no link token appears in any address, history or download list.
 */
export async function downloadFromServer(boardId: string, path: string, query: URLSearchParams, fileName: string): Promise<void> {
  const { url } = await requestJson<{ url: string }>(`/api/boards/${encodeURIComponent(boardId)}/downloads`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ path }),
  })
  const rest = query.toString()
  clickDownload(rest ? `${url}&${rest}` : url, fileName)
}

/**
 * An image of our API (a snapshot preview) as a blob URL for an `<img>`: fetched with the link
 * token in its header, since an image request cannot carry one. Revoke it when done.
 */
export async function fetchImageUrl(boardId: string, path: string, signal?: AbortSignal): Promise<string> {
  const response = await fetch(path, { headers: authHeaders(boardId), ...(signal ? { signal } : {}) })
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`)
  return URL.createObjectURL(await response.blob())
}

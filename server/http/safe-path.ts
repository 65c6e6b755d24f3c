/** Mapping URL paths to files without letting a request escape the served directory. */
import path from 'node:path'

/**
 * The file path for the (percent-encoded) URL path `urlPath` inside `root`, or null when the
 * path is malformed, contains a NUL byte, names a hidden file, or would leave `root`.
 */
export function resolveBelow(root: string, urlPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0')) return null
  const segments = decoded.split(/[/\\]/).filter(Boolean)
  // Also refuses `..`, which starts with a dot.
  if (segments.some((segment) => segment.startsWith('.'))) return null
  const base = path.resolve(root)
  const resolved = path.resolve(base, ...segments)
  return resolved === base || resolved.startsWith(base + path.sep) ? resolved : null
}

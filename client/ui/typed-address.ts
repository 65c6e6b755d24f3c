/**
 * An address as people type it into a phone: without `https://` (browsers add it, and it is only
 * more to read from across a room), e.g. `board.example.org/j/K7M2-Q9RT`.
 */
export function typedAddress(url: string): string {
  return url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
}

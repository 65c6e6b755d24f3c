/**
 * Board ids: unguessable, URL-safe names for boards.
 *
 * A board id is the only thing that grants access to a board, so it carries 128 bits from the
 * platform's CSPRNG (`crypto.getRandomValues`, available in browsers and in Node), written as
 * 22 characters of base64url without padding.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const RANDOM_BYTES = 16

/** Matches exactly the strings `createBoardId` can produce (and nothing that needs URL escaping). */
export const BOARD_ID_PATTERN = /^[A-Za-z0-9_-]{21}[AQgw]$/

/** A new random board id, e.g. `"Xq3v0cRk2bT1mN8pLw4sYA"`. */
export function createBoardId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(RANDOM_BYTES))
  let id = ''
  // Every 3 bytes become 4 characters; the final single byte yields 2 characters.
  for (let i = 0; i < bytes.length; i += 3) {
    const chunk = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0)
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6))
    for (let c = 0; c < chars; c++) id += ALPHABET[(chunk >> (18 - 6 * c)) & 63]
  }
  return id
}

/** Whether `value` is a well-formed board id (says nothing about whether the board exists). */
export function isBoardId(value: string): boolean {
  return BOARD_ID_PATTERN.test(value)
}

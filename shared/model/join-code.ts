/**
 * The join code: a short address for the phone page, for people on site who cannot scan the join
 * QR code on the projector. They type `<origin>/j/K7M2-Q9RT`, or open `/j` and type the code.
 *
 * A code is 8 characters of `JOIN_CODE_ALPHABET`, shown as two groups of four. The alphabet leaves
 * out the characters people mistake for one another when reading from a screen across a room or
 * typing on a phone: 0 and O, 1, I and L. That leaves 31 characters, so a code holds
 * 8 × log2(31) ≈ 39.6 bits. What makes so few bits safe, and what a code opens, is the server's
 * part (server/features/access/join-codes.ts, docs/security.md).
 *
 * Typed codes are read leniently: small letters count as capitals, and spaces and dashes anywhere
 * are ignored (people type what they see, or what a phone's keyboard makes of it).
 */

/** Digits 2-9 and the capital letters without I, L and O. */
export const JOIN_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'

export const JOIN_CODE_LENGTH = 8

/** Where a join code is typed in: `/j`, or `/j/<code>` to resolve it at once. */
export const JOIN_PATH = '/j'

const CANONICAL = new RegExp(`^[${JOIN_CODE_ALPHABET}]{${JOIN_CODE_LENGTH}}$`)

/** The code in its canonical form (8 capitals of the alphabet, no dash), or null when `input` cannot be one. */
export function normalizeJoinCode(input: string): string | null {
  const code = input.replace(/[\s-]+/g, '').toUpperCase()
  return CANONICAL.test(code) ? code : null
}

/** The code as people see it: `K7M2-Q9RT`. */
export function formatJoinCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`
}

/** The short address of a code, `<origin>/j/K7M2-Q9RT`. */
export function joinCodeAddress(origin: string, code: string): string {
  return `${origin}${JOIN_PATH}/${formatJoinCode(code)}`
}

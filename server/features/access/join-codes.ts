/**
 * Join codes on the server (the code itself: shared/model/join-code.ts).
 *
 * A board's code is derived from its participant token (HMAC-SHA256 under a fixed label), so it
 * changes exactly when the participant link is renewed and needs no state of its own: whoever holds
 * the participant token can tell the code, and nobody can tell the token from the code.
 *
 * What the server stores of a code is what it stretches it into with scrypt (`stretchJoinCode`):
 * one half is the index from code to board (the `join_codes` table); the other half is
 * the key the participant token is sealed under (`participant.sealedForCode` in the board's links).
 * A code has only ~40 bits, so a plain hash of it would give its code, and with it the participant
 * token, to whoever reads the database after 2^40 cheap hashes; each scrypt guess costs about 4 MiB
 * of memory and some milliseconds instead, which puts the whole space out of reach. Online, guesses
 * are held back by the per-address limit of `POST /api/join-codes` (join-code-api.ts).
 */
import { createHmac, scrypt } from 'node:crypto'
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from '../../../shared/model/join-code'

const DERIVATION_LABEL = 'gatherboard join code v1'
const STRETCH_SALT = 'gatherboard join code'
/**
 * 2^12 × 8 × 128 bytes = 4 MiB per guess, about 15 ms of one core here: cheap for a board's
 * creation and each resolved code, dear for 2^40 guesses.
 */
const SCRYPT = { N: 1 << 12, r: 8, p: 1 }
const STRETCHED_BYTES = 64

/** The join code (canonical form) of a board whose participant token is `participantToken`. */
export function joinCodeOf(participantToken: string): string {
  const mac = createHmac('sha256', participantToken).update(DERIVATION_LABEL).digest()
  // 64 bits for a code of 31^8 ≈ 2^39.6 values: what the modulo favours is 2^-24 likelier, nothing.
  let value = mac.readBigUInt64BE(0)
  const base = BigInt(JOIN_CODE_ALPHABET.length)
  let code = ''
  for (let i = 0; i < JOIN_CODE_LENGTH; i++) {
    code += JOIN_CODE_ALPHABET[Number(value % base)]
    value /= base
  }
  return code
}

/** What the server keeps of a code, derived from it alone. */
export interface JoinCodeKeys {
  /** The index from code to board (base64url). */
  digest: string
  /** The secret the participant token is sealed under (base64url; see tokens.ts `seal`). */
  secret: string
}

/** Stretches a canonical code into its keys; runs in the thread pool, not on the event loop. */
export function stretchJoinCode(code: string): Promise<JoinCodeKeys> {
  return new Promise((resolve, reject) => {
    scrypt(code, STRETCH_SALT, STRETCHED_BYTES, SCRYPT, (error, stretched) => {
      if (error) return reject(error)
      resolve({
        // Two halves of one scrypt output are independent: the index tells nothing of the key.
        digest: stretched.subarray(0, 32).toString('base64url'),
        secret: stretched.subarray(32).toString('base64url'),
      })
    })
  })
}

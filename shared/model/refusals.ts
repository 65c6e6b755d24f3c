/**
 * Why the server refused a document update. The reason travels to the client as text in the
 * y-websocket "permission denied" message: a stable code, a colon, and an English explanation for
 * logs and for clients that do not know the code (`locked-section: this section is locked`).
 * Our client shows its own translated text for the code.
 */
export const REFUSAL_CODES = [
  'read-only',
  'facilitator-only',
  'server-only',
  'locked-board',
  'locked-section',
  'vote-closed',
  'vote-limit',
  'vote-not-yours',
  'vote-card',
  'malformed',
  'archived',
  'not-your-client',
  'out-of-order',
  'unsupported',
  'update-too-large',
  'too-fast',
  'board-full',
  'asset-url',
  'schema',
  'presence-limit',
] as const

export type RefusalCode = (typeof REFUSAL_CODES)[number]

const EXPLANATIONS: Record<RefusalCode, string> = {
  'read-only': 'this link can only watch the board',
  'facilitator-only': 'only the facilitator can change this',
  'server-only': 'only the server writes this (attendance, the snapshot index)',
  'locked-board': 'the facilitator locked the board',
  'locked-section': 'the facilitator locked this section',
  'vote-closed': 'this voting round is not open',
  'vote-limit': 'no dots left in this round',
  'vote-not-yours': 'these dots belong to someone else',
  'vote-card': 'this card is not part of the voting round',
  malformed: 'the change could not be read',
  archived: 'the meeting is closed; the board is read-only',
  'not-your-client': 'this change is written as another device',
  'out-of-order': 'changes before this one are missing; they are asked for again',
  unsupported: 'the change does something this board never does',
  'update-too-large': 'this change is too large',
  'too-fast': 'too much written too fast; slow down',
  'board-full': 'the board has reached its size limit',
  'asset-url': 'images and files must be uploaded to this board',
  schema: 'this board format is not known to this server',
  'presence-limit': 'too many or too large presence states',
}

/** A reason text: the code, a colon, the explanation. */
export type RefusalReason = `${RefusalCode}: ${string}`

/** The reason text for a refusal. */
export function refusalReason(code: RefusalCode): RefusalReason {
  return `${code}: ${EXPLANATIONS[code]}`
}

/** The code of a reason text, or null when it is not one of ours. */
export function refusalCodeOf(reason: string): RefusalCode | null {
  const code = reason.split(':', 1)[0]
  return (REFUSAL_CODES as readonly string[]).includes(code ?? '') ? (code as RefusalCode) : null
}

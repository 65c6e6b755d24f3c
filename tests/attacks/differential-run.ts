/**
 * The differential fuzz run (issue 10): a real server, a board set up by an honest facilitator
 * (a real WebsocketProvider: sections, a card in a locked section, a running timer, an open voting
 * round with a dot), and two raw sockets, a participant and a viewer, sending generated updates
 * one at a time. For each the oracle (oracle.ts) says what it would really do and whether the
 * rules allow it; the room's doc, read back from the server after a sync round trip, says what
 * the server let happen. A failure is any of:
 *
 * - the room shows a change the rules forbid to the sender (whatever the oracle predicted);
 * - the oracle sees a forbidden change and the server did not refuse the update;
 * - a realistic update the oracle allows was refused, or did not do what it does in the copy;
 * - a refusal the server logged did not reach the sender;
 * - the server stops answering (every wait has a timeout).
 *
 * Which update the server refused is read from its log: after each update the attacker sends a
 * marker (a delete of clock 1e9 + n of an unused client, refused as unsupported with that range
 * in the log line), so the refusals between two markers are the update's.
 */
import * as Y from 'yjs'
import { setLock } from '../../shared/model/locks'
import { writeTimer } from '../../shared/model/timer'
import { startRound, voteKey, votesMap } from '../../shared/model/voting'
import { startTestServer, type TestServer } from '../helpers/server'
import { waitFor } from '../helpers/wait'
import { connectAs, newBoard, voterIdOf, writeQuestionMap } from '../server/roles-fixtures'
import { changesBetween, readContents } from './doc-contents'
import { copyOf, effectBetween, effectOf, forbiddenBy, type Sender } from './oracle'
import { Prng } from './prng'
import { RawAttacker } from './raw-attacker'
import { encodeUpdate } from './update-encoder'
import { UpdateGenerator, type AttackContext } from './update-generator'

export interface FuzzOptions {
  count: number
  seed: number
  /** Stop after this many failures. Default 5. */
  maxFailures?: number
  /** Called every 100 updates. */
  progress?: (done: number) => void
}

export interface FuzzResult {
  seed: number
  sent: number
  refused: number
  /** Realistic updates the oracle allowed (each had to be accepted). */
  allowedRealistic: number
  failures: string[]
}

/** The client id no update writes: the markers delete its (far future) clocks. */
const MARKER_CLIENT = 4_242
const MARKER_CLOCK = 1_000_000_000

interface Attacker {
  role: 'participant' | 'viewer'
  token: string
  voterKey: string
  voterId: string
  ownClient: number
  socket: RawAttacker
  /** Client ids the server bound to this attacker's device. */
  owned: Set<number>
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzResult> {
  const { count, seed, maxFailures = 5 } = options
  const random = new Prng(seed)
  // Three messages per update (update, marker, sync step 1): more than a person sends.
  const server = await startTestServer({ limits: { messagesPerSecond: 1_000_000, messageBurst: 1_000_000 } })
  const closers: (() => void)[] = []
  const result: FuzzResult = { seed, sent: 0, refused: 0, allowedRealistic: 0, failures: [] }
  try {
    const board = await newBoard(server)
    const facilitatorKey = 'facilitator-key-0123456789'
    const facilitatorDoc = new Y.Doc()
    facilitatorDoc.clientID = random.uint32()
    const facilitator = await connectAs(board, 'facilitator', facilitatorKey, facilitatorDoc)
    closers.push(() => facilitator.destroy())
    await writeQuestionMap(facilitator, facilitator)
    const facilitatorVoterId = await voterIdOf(board, facilitatorKey)
    setUpBoard(facilitator.doc, facilitatorVoterId)
    const attackers: Attacker[] = []
    for (const role of ['participant', 'viewer'] as const) {
      const voterKey = `fuzz-${role}-key-0123456789`
      const socket = await RawAttacker.connect(server.syncUrl, board.id, board.tokens[role], voterKey)
      closers.push(() => socket.close())
      const attacker = { role, token: board.tokens[role], voterKey, voterId: await voterIdOf(board, voterKey), ownClient: random.uint32(), socket, owned: new Set<number>() }
      attackers.push(attacker)
    }
    // Every id in the room now is someone else's: the facilitator's, the server's.
    const setUpClients = [...Y.decodeStateVector(Y.encodeStateVector(attackers[0]!.socket.mirror)).keys()]
    await waitFor(() => votesMap(attackers[0]!.socket.mirror).size > 0, { message: "the facilitator's dot to reach the attacker" })
    const generator = new UpdateGenerator(random)
    const log = new RefusalLog(server, board.id)
    for (let n = 0; n < count && result.failures.length < maxFailures; n++) {
      const attacker = random.chance(0.7) ? attackers[0]! : attackers[1]!
      const other = attacker === attackers[0] ? attackers[1]! : attackers[0]!
      const room = attacker.socket.mirror
      const foreign = new Set([...setUpClients, ...other.owned])
      const sender: Sender = { role: attacker.role, voterId: attacker.voterId, foreignClients: foreign, boardId: board.id }
      const context: AttackContext = {
        room,
        ownClient: attacker.ownClient,
        voterId: attacker.voterId,
        otherVoterId: facilitatorVoterId,
        foreignClients: [...foreign],
        boardId: board.id,
      }
      const update = generator.next(context)
      const before = copyOf(room)
      const beforeContents = readContents(before)
      const predicted = effectOf(before, beforeContents, update.bytes)
      const forbidden = forbiddenBy(before, predicted, sender)

      const heardBefore = attacker.socket.refusals.length
      const socket = attacker.socket
      socket.sendUpdate(update.bytes)
      socket.sendUpdate(marker(n))
      const refusals = await log.refusalsUntilMarker(n, () => socket.isOpen)
      const closed = !socket.isOpen
      if (!closed) await socket.syncRoundTrip()
      result.sent++
      const refused = closed || refusals.length > 0
      if (refused) result.refused++

      const fail = (what: string) =>
        result.failures.push(
          `seed ${seed}, update ${n} (${attacker.role}, ${update.label}): ${what}; oracle: [${forbidden.join(', ')}], server: ${closed ? 'closed the connection' : `[${refusals.join(', ')}]`}; update ${Buffer.from(update.bytes).toString('hex')}`,
        )
      if (closed) {
        if (forbidden.length === 0 && update.realistic) fail('the server closed the connection for an allowed realistic update')
        // What the room holds now, as a fresh connection receives it.
        const fresh = await RawAttacker.connect(server.syncUrl, board.id, attacker.token, attacker.voterKey)
        closers.push(() => fresh.close())
        attacker.socket = fresh
      }
      const roomNow = attacker.socket.mirror
      const actual = effectBetween(beforeContents, roomNow, readContents(roomNow))
      const shown = forbiddenBy(before, actual, sender)
      if (shown.length > 0) fail(`the room shows a forbidden change [${shown.join(', ')}]: ${describe(actual.changes)}`)
      // Yjs failing on the bytes as sent is no change the rules judge: the room must only stay as it was.
      else if (forbidden.some((reason) => !reason.startsWith('yjs-throws')) && !refused) fail('the server accepted a forbidden update')
      else if (predicted.threw !== null && !refused && actual.changes.length > 0) fail(`Yjs fails on the update, and the server applied it: ${describe(actual.changes)}`)
      else if (!refused && changesBetween(predicted.afterContents, actual.afterContents).length > 0) {
        fail(`the room differs from the copy: ${describe(changesBetween(predicted.afterContents, actual.afterContents))}`)
      }
      if (forbidden.length === 0 && update.realistic) {
        result.allowedRealistic++
        if (refused) fail('the server refused an allowed realistic update')
      }
      if (!closed) {
        const heard = attacker.socket.refusals.slice(heardBefore)
        // The marker's own refusal is the last one heard.
        if (heard.slice(0, -1).join() !== refusals.join()) fail(`the sender heard [${heard.join(', ')}]`)
      }
      if (!refused) for (const client of actual.clients) attacker.owned.add(client)
      before.destroy()
      predicted.after.destroy()
      if ((n + 1) % 100 === 0) options.progress?.(n + 1)
    }
    return result
  } finally {
    for (const close of closers) close()
    await server.close()
  }
}

/** The facilitator's board: two sections, cards, the ideas section locked, a timer, a round with a dot. */
function setUpBoard(doc: Y.Doc, facilitatorVoterId: string): void {
  setLock(doc, 'shape:ideas', { by: 'Facilitator', at: 1 })
  writeTimer(doc, { phase: 'running', endsAt: Date.now() + 600_000, durationMs: 600_000 })
  const round = startRound(doc, { id: 'round1', sections: ['shape:questions'], dots: 2, hidden: false }, Date.now())
  votesMap(doc).set(voteKey({ roundId: round.id, voterId: facilitatorVoterId, slot: 0 }), 'shape:q1')
}

/** The n-th marker: a delete of clocks nobody has, refused as unsupported with its range in the log. */
function marker(n: number): Uint8Array {
  return encodeUpdate({ blocks: [], deletes: [{ client: MARKER_CLIENT, clock: MARKER_CLOCK + n, length: 1 }] })
}

/** The server's refusals on one board, read from its log in order. */
class RefusalLog {
  private read = 0

  constructor(
    private readonly server: TestServer,
    private readonly boardId: string,
  ) {}

  /** The refusal codes logged before the n-th marker's (since the previous marker). */
  async refusalsUntilMarker(n: number, open: () => boolean): Promise<string[]> {
    const markerDetail = `${MARKER_CLIENT}:${MARKER_CLOCK + n}..`
    const codes: string[] = []
    await waitFor(
      () => {
        const { logs } = this.server
        while (this.read < logs.length) {
          const line = logs[this.read++]!
          if (!line.includes(' room.update_refused ') || !line.includes(`board=${this.boardId}`)) continue
          if (line.includes(markerDetail)) return true
          codes.push(refusalCode(line))
        }
        return !open()
      },
      { message: `the server to read marker ${n}` },
    )
    return codes
  }
}

function refusalCode(line: string): string {
  const reason = /reason=("(?:[^"\\]|\\.)*"|\S+)/.exec(line)?.[1] ?? ''
  const text = reason.startsWith('"') ? (JSON.parse(reason) as string) : reason
  return text.split(':')[0]!
}

function describe(changes: readonly { root: string; keyed: boolean; key: string; before?: { text: string }; after?: { text: string } }[]): string {
  return changes
    .slice(0, 4)
    .map((change) => `${change.root}${change.keyed ? `.${change.key}` : `[${change.key}]`}: ${change.before?.text ?? '-'} -> ${change.after?.text ?? '-'}`)
    .join('; ')
}

/**
 * The framing of a server link (server/cluster/link-frames.ts): what one side writes, the other
 * reads back as it was; bytes that are no link frame are recognised as such, not misread.
 */
import { describe, expect, it } from 'vitest'
import { broadcastFrame, channelFrame, closeFrame, LinkFrameKind, readClose, readLinkFrame } from '../../server/cluster/link-frames'
import { binaryFrames } from '../../server/sync/ws-frames'

describe('server link frames', () => {
  it('a channel frame carries its kind, its channel (all 32 bits) and its payload', () => {
    const payload = Uint8Array.of(0, 1, 2, 255)
    for (const channel of [1, 300, 0xffff_ffff]) {
      const frame = readLinkFrame(channelFrame(LinkFrameKind.message, channel, payload))
      expect(frame).toEqual({ kind: LinkFrameKind.message, channel, payload: Buffer.from(payload) })
    }
    expect(readLinkFrame(channelFrame(LinkFrameKind.joined, 7))).toEqual({ kind: LinkFrameKind.joined, channel: 7, payload: Buffer.alloc(0) })
  })

  it('a close frame carries the code and the reason, in UTF-8', () => {
    const frame = readLinkFrame(closeFrame(9, 4401, 'le lien a été renouvelé'))
    expect(frame?.kind).toBe(LinkFrameKind.close)
    expect(frame?.kind === LinkFrameKind.close && frame.channel).toBe(9)
    expect(readClose(frame!.payload)).toEqual({ code: 4401, reason: 'le lien a été renouvelé' })
    expect(readClose(Uint8Array.of(0x10))).toBeNull()
  })

  it('a broadcast carries the clients’ WebSocket frames as they are, with no channel', () => {
    const frames = binaryFrames([Uint8Array.of(0, 2, 1, 7), new Uint8Array(300).fill(5)])
    expect(readLinkFrame(broadcastFrame(frames))).toEqual({ kind: LinkFrameKind.broadcast, payload: frames })
  })

  it('an empty message, an unknown kind or a channel frame cut short is no frame', () => {
    expect(readLinkFrame(Buffer.alloc(0))).toBeNull()
    expect(readLinkFrame(Buffer.from([9, 0, 0, 0, 1]))).toBeNull()
    expect(readLinkFrame(Buffer.from([LinkFrameKind.open, 0, 0, 1]))).toBeNull()
  })
})

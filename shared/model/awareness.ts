/**
 * The fields of a session's awareness state (y-protocols), all in one place so no two features
 * claim the same name. Each is written by one client module (named with it) and read by the
 * others; the server reads `profile` for the board's attendance (server/features/attendance.ts).
 */
export const AWARENESS_FIELDS = {
  /** tldraw's presence record: cursor, selection, camera, screen (client/sync/tldraw/presence.ts). */
  presence: 'presence',
  /** The person's profile with their user id, next to tldraw's presence (client/sync/profile-presence.ts). */
  profile: 'profile',
  /**
   * The role a session writes with while it takes part in resolving slot collisions, so that
   * every peer can tell whose writes the server will take; viewers do not take part
   * (client/question-map/slot-repairer.ts).
   */
  slotRepair: 'slotRepair',
  /** A raised hand, with the server time it went up (client/sync/gestures.ts). */
  hand: 'hand',
  /** The last quick reaction sent (client/sync/gestures.ts). */
  reaction: 'reaction',
  /**
   * Screen pixels the session's own controls cover at each edge of its canvas, so the stage frames
   * what the facilitator sees of the board rather than their whole screen (client/board/tldraw/free-area.ts).
   */
  viewInsets: 'viewInsets',
  /**
   * The box of the board (page units) the session last showed in its free area (the map it opened
   * with, a section or selection it zoomed to, a card shown from the outline) while its camera
   * still shows it, else null: the stage frames what was meant, not the screen around it
   * (client/board/facilitation/leader-viewport.ts).
   */
  shown: 'shown',
} as const

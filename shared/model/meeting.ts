import type * as Y from 'yjs'

/**
 * The meeting a board is for. Lives in the board's Y.Doc as `doc.getMap('meeting')`, one key per
 * field below, so two facilitators editing different fields don't overwrite each other.
 * Values are plain JSON; `cities` is replaced as a whole list.
 */
export interface Meeting {
  /** Short name of the gathering, e.g. "Street lab exchange Berlin–Leipzig". */
  title: string
  /** "Why are we gathering?" in one or two sentences. Shown on every view of the board. */
  purpose: string
  /** Start as an ISO 8601 local date-time without zone ("2026-06-12T14:00"), or "" when not set. */
  startsAt: string
  /** Free text: a park, a street, a room. */
  place: string
  /** Participating cities or organisations, in the order the facilitator listed them. */
  cities: string[]
  /** When the meeting was closed and the board archived (ms since epoch), or null while open. */
  archivedAt: number | null
  /**
   * When the board's starting layout (the question-map template, or the choice of a blank board)
   * was written (ms since epoch), or null before. Guards the layout so it happens once per board.
   */
  laidOutAt: number | null
}

export const MEETING_MAP = 'meeting'

/** Limits that keep a meeting record printable; the server and the forms use the same numbers. */
export const MEETING_LIMITS = {
  title: 120,
  purpose: 400,
  place: 120,
  city: 80,
  cities: 40,
} as const

export function meetingMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(MEETING_MAP)
}

/** Reads the meeting, filling anything missing or malformed with the empty value. */
export function readMeeting(doc: Y.Doc): Meeting {
  const map = meetingMap(doc)
  const text = (key: keyof Meeting) => {
    const value = map.get(key)
    return typeof value === 'string' ? value : ''
  }
  const cities = map.get('cities')
  const archivedAt = map.get('archivedAt')
  const laidOutAt = map.get('laidOutAt')
  return {
    title: text('title'),
    purpose: text('purpose'),
    startsAt: text('startsAt'),
    place: text('place'),
    cities: Array.isArray(cities) ? cities.filter((city): city is string => typeof city === 'string') : [],
    archivedAt: typeof archivedAt === 'number' ? archivedAt : null,
    laidOutAt: typeof laidOutAt === 'number' ? laidOutAt : null,
  }
}

/**
 * Writes the given fields (only those that differ, so an unchanged form writes nothing), in one
 * transaction.
 */
export function writeMeeting(doc: Y.Doc, changes: Partial<Meeting>, origin?: unknown): void {
  const map = meetingMap(doc)
  const current = readMeeting(doc)
  doc.transact(() => {
    for (const [key, value] of Object.entries(changes) as [keyof Meeting, Meeting[keyof Meeting]][]) {
      if (JSON.stringify(current[key]) !== JSON.stringify(value)) map.set(key, value)
    }
  }, origin)
}

/** Trims and bounds what a person typed; drops empty and duplicate cities. */
export function normalizeMeeting(input: Partial<Meeting>): Partial<Meeting> {
  const out: Partial<Meeting> = {}
  const clip = (value: string, max: number) => value.trim().slice(0, max)
  if (input.title !== undefined) out.title = clip(input.title, MEETING_LIMITS.title)
  if (input.purpose !== undefined) out.purpose = clip(input.purpose, MEETING_LIMITS.purpose)
  if (input.place !== undefined) out.place = clip(input.place, MEETING_LIMITS.place)
  if (input.startsAt !== undefined) out.startsAt = input.startsAt.trim()
  if (input.cities !== undefined) {
    const seen = new Set<string>()
    out.cities = input.cities
      .map((city) => clip(city, MEETING_LIMITS.city))
      .filter((city) => city && !seen.has(city.toLowerCase()) && seen.add(city.toLowerCase()))
      .slice(0, MEETING_LIMITS.cities)
  }
  if (input.archivedAt !== undefined) out.archivedAt = input.archivedAt
  if (input.laidOutAt !== undefined) out.laidOutAt = input.laidOutAt
  return out
}

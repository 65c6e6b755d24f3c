import { useSyncExternalStore } from 'react'
import type * as Y from 'yjs'
import { meetingMap, readMeeting, type Meeting } from '../../shared/model/meeting'

const cache = new WeakMap<Y.Doc, Meeting>()

/** The board's meeting, kept current as anyone edits it. */
export function useMeeting(doc: Y.Doc): Meeting {
  return useSyncExternalStore(
    (onChange) => {
      const map = meetingMap(doc)
      const observer = () => {
        cache.set(doc, readMeeting(doc))
        onChange()
      }
      map.observe(observer)
      return () => map.unobserve(observer)
    },
    () => {
      let meeting = cache.get(doc)
      if (!meeting) cache.set(doc, (meeting = readMeeting(doc)))
      return meeting
    },
  )
}

import type * as Y from 'yjs'
import { MEETING_MAP, readMeeting, type Meeting } from '../../shared/model/meeting'
import { useYjsValue } from '../sync/use-yjs-value'

/** The board's meeting, kept current as anyone edits it. */
export function useMeeting(doc: Y.Doc): Meeting {
  return useYjsValue(doc, [MEETING_MAP], readMeeting)
}

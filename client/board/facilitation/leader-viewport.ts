/**
 * The facilitator's viewport, read from their presence (tldraw's presence record travels in the
 * awareness field 'presence': camera and screen size), and moving another editor's camera to it.
 */
import type { Awareness } from 'y-protocols/awareness'
import { react, type Editor, type TLInstancePresence } from 'tldraw'
import { currentUser } from '../tldraw/tldraw-user'
import { AWARENESS_FIELDS } from '../../../shared/model/awareness'
import { NO_INSETS, stillShown, watchInsets, type Insets, type PageBox } from '../tldraw/free-area'

export type { PageBox }

/**
 * The page area the awareness client `clientId` sees clear of its controls (all of its screen
 * when it does not say where they are), or null when it is not present.
 */
export function viewportOf(awareness: Awareness, clientId: number): PageBox | null {
  const state = awareness.getStates().get(clientId)
  const presence = state?.[AWARENESS_FIELDS.presence] as TLInstancePresence | null | undefined
  if (!presence?.camera || !presence.screenBounds) return null
  const { camera, screenBounds } = presence
  if (!(camera.z > 0) || !(screenBounds.w > 0) || !(screenBounds.h > 0)) return null
  const insets = validInsets(state?.[AWARENESS_FIELDS.viewInsets], screenBounds)
  return {
    x: -camera.x + insets.left / camera.z,
    y: -camera.y + insets.top / camera.z,
    w: (screenBounds.w - insets.left - insets.right) / camera.z,
    h: (screenBounds.h - insets.top - insets.bottom) / camera.z,
  }
}

/** Insets from someone's presence, if they are numbers that leave some of the screen (else none). */
function validInsets(value: unknown, screen: { w: number; h: number }): Insets {
  const insets = value as Partial<Insets> | null | undefined
  const edges = [insets?.top, insets?.right, insets?.bottom, insets?.left]
  if (!edges.every((edge) => typeof edge === 'number' && edge >= 0 && Number.isFinite(edge))) return NO_INSETS
  const valid = insets as Insets
  return valid.left + valid.right < screen.w && valid.top + valid.bottom < screen.h ? valid : NO_INSETS
}

/** The box `clientId` says it showed on purpose and still shows (see AWARENESS_FIELDS.shown), or null. */
export function shownBy(awareness: Awareness, clientId: number): PageBox | null {
  const box = awareness.getStates().get(clientId)?.[AWARENESS_FIELDS.shown] as Partial<PageBox> | null | undefined
  const numbers = [box?.x, box?.y, box?.w, box?.h]
  if (!numbers.every((n) => typeof n === 'number' && Number.isFinite(n))) return null
  const valid = box as PageBox
  return valid.w > 0 && valid.h > 0 ? { x: valid.x, y: valid.y, w: valid.w, h: valid.h } : null
}

/**
 * Tells the others (the stage) what this session sees of the board: where its controls cover its
 * canvas, and the box it showed on purpose while it still shows it; as they change.
 */
export function publishView(editor: Editor, awareness: Awareness): () => void {
  const stop = watchInsets(editor, ({ insets }) => awareness.setLocalStateField(AWARENESS_FIELDS.viewInsets, insets))
  let published = ''
  const stopShown = react('publish the shown box', () => {
    editor.getCamera()
    const box = stillShown(editor)
    const key = JSON.stringify(box)
    if (key === published) return
    published = key
    awareness.setLocalStateField(AWARENESS_FIELDS.shown, box)
  })
  return () => {
    stop()
    stopShown()
    awareness.setLocalStateField(AWARENESS_FIELDS.viewInsets, null)
    awareness.setLocalStateField(AWARENESS_FIELDS.shown, null)
  }
}

/** The camera that shows `box` whole and centred in `editor`'s viewport. */
export function cameraFor(editor: Editor, box: PageBox): { x: number; y: number; z: number } {
  const screen = editor.getViewportScreenBounds()
  const z = Math.min(screen.w / box.w, screen.h / box.h)
  const cx = box.x + box.w / 2
  const cy = box.y + box.h / 2
  return { x: screen.w / (2 * z) - cx, y: screen.h / (2 * z) - cy, z }
}

/** Moves `editor`'s camera to show `box`, with a short animation when `animate`. */
export function showBox(editor: Editor, box: PageBox, animate: boolean): void {
  const camera = cameraFor(editor, box)
  editor.setCamera(camera, animate ? { animation: { duration: 400 } } : { immediate: true, force: true })
}

/** This session's user id as tldraw's presence carries it (`presence.userId`, what following goes by). */
export function presenceUserId(): string {
  return currentUser.get().id
}

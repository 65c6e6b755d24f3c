/**
 * The facilitator's viewport, read from their presence (tldraw's presence record travels in the
 * awareness field 'presence': camera and screen size), and moving another editor's camera to it.
 */
import type { Awareness } from 'y-protocols/awareness'
import type { Editor, TLInstancePresence } from 'tldraw'
import { currentUser } from '../tldraw/tldraw-user'
import { AWARENESS_FIELDS } from '../../../shared/model/awareness'

export interface PageBox {
  x: number
  y: number
  w: number
  h: number
}

/** The page area the awareness client `clientId` sees, or null when it is not present. */
export function viewportOf(awareness: Awareness, clientId: number): PageBox | null {
  const presence = awareness.getStates().get(clientId)?.[AWARENESS_FIELDS.presence] as TLInstancePresence | null | undefined
  if (!presence?.camera || !presence.screenBounds) return null
  const { camera, screenBounds } = presence
  if (!(camera.z > 0) || !(screenBounds.w > 0) || !(screenBounds.h > 0)) return null
  return { x: -camera.x, y: -camera.y, w: screenBounds.w / camera.z, h: screenBounds.h / camera.z }
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

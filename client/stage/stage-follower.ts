/**
 * The stage's camera follows the leader's viewport smoothly: every animation frame it moves a
 * share of the remaining way to the camera that shows the leader's viewport whole, and snaps once
 * it is within a fraction of a pixel. Presence arrives in steps (every 50 ms at most); easing
 * towards the latest step turns them into motion that is calm enough to project.
 */
import type { Editor } from 'tldraw'
import type { Awareness } from 'y-protocols/awareness'
import { cameraFor, viewportOf } from '../board/facilitation/leader-viewport'

/** Share of the remaining distance covered per frame (about 95 % within 200 ms at 60 fps). */
const EASING = 0.25
const CLOSE_ENOUGH_PX = 0.5

export function followLeader(editor: Editor, awareness: Awareness, leaderClientId: () => number | null): () => void {
  let frame = 0
  const step = () => {
    frame = requestAnimationFrame(step)
    const leader = leaderClientId()
    const box = leader === null ? null : viewportOf(awareness, leader)
    if (!box) return
    const target = cameraFor(editor, box)
    const current = editor.getCamera()
    // Distances in screen pixels, so "close enough" means the same at every zoom.
    const dx = (target.x - current.x) * current.z
    const dy = (target.y - current.y) * current.z
    const dz = ((target.z - current.z) / current.z) * editor.getViewportScreenBounds().w
    if (Math.abs(dx) < CLOSE_ENOUGH_PX && Math.abs(dy) < CLOSE_ENOUGH_PX && Math.abs(dz) < CLOSE_ENOUGH_PX) {
      if (dx !== 0 || dy !== 0 || dz !== 0) editor.setCamera(target, { immediate: true, force: true })
      return
    }
    const next = {
      x: current.x + (target.x - current.x) * EASING,
      y: current.y + (target.y - current.y) * EASING,
      z: current.z + (target.z - current.z) * EASING,
    }
    editor.setCamera(next, { immediate: true, force: true })
  }
  frame = requestAnimationFrame(step)
  return () => cancelAnimationFrame(frame)
}

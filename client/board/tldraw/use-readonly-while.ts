import { useEffect, useRef } from 'react'
import type { Editor } from 'tldraw'

/**
 * Makes the canvas read-only while `active` holds, and when it stops holding gives back what it was
 * before (a viewer, read-only all along, stays read-only).
 */
export function useReadonlyWhile(editor: Editor | null, active: boolean): void {
  const before = useRef<boolean | null>(null)
  useEffect(() => {
    if (!editor) return
    if (active && before.current === null) {
      before.current = editor.getIsReadonly()
      editor.updateInstanceState({ isReadonly: true })
    } else if (!active && before.current !== null) {
      editor.updateInstanceState({ isReadonly: before.current })
      before.current = null
    }
  }, [editor, active])
}

import { DefaultStylePanel, useEditor, useValue } from 'tldraw'

/**
 * tldraw's style panel, shown only while it has something to style: shapes are selected or a
 * drawing tool is chosen. Open by default it lay over the map for everyone, all meeting long.
 */
export function StylePanelOnDemand() {
  const editor = useEditor()
  const needed = useValue(
    'style panel needed',
    () => editor.getSelectedShapeIds().length > 0 || Boolean(editor.root.getCurrent()?.shapeType),
    [editor],
  )
  return needed ? <DefaultStylePanel /> : null
}

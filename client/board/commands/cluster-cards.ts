import { createShapeId, type Editor, type TLShape, type TLShapeId } from 'tldraw'
import { byId, type ShapeRecord } from '../../../shared/model/board-shapes'
import { CARD_SHAPE_TYPE } from '../../../shared/model/card'
import { CLUSTER_LABEL_MAX, CLUSTER_META_KEY, clusterLayout, planCluster } from '../../../shared/model/cluster'
import { readingOrder } from '../../../shared/model/outline'
import { sectionOf } from '../../../shared/model/sections'

const plain = (shape: TLShape) => shape as unknown as ShapeRecord

/**
 * Groups cards under a label: a cluster frame in the section of the first card (in reading order),
 * placed in a free part of the section's grid, with the cards laid out inside it. One undoable step.
 * Returns the cluster's id, or null when there were no cards.
 */
export function clusterCards(editor: Editor, cardIds: readonly string[], label: string): TLShapeId | null {
  const cards = cardIds
    .map((id) => editor.getShape(id as TLShapeId))
    .filter((shape): shape is TLShape => shape?.type === CARD_SHAPE_TYPE)
  if (cards.length === 0) return null
  const ordered = readingOrder(cards, (card) => editor.getShapePageBounds(card) ?? { x: 0, y: 0, w: 0, h: 0 })
  const shapes = byId(editor.getCurrentPageShapes().map(plain))
  const section = sectionOf(plain(ordered[0]!), shapes)
  const container = section ? editor.getShape(section.id as TLShapeId) : undefined
  const clusterId = createShapeId()
  const name = label.trim().slice(0, CLUSTER_LABEL_MAX)

  editor.run(() => {
    if (container) {
      const plan = planCluster(plain(container), editor.getSortedChildIdsForParent(container.id).map((id) => plain(editor.getShape(id)!)), ordered.map(plain))
      editor.createShape({ id: clusterId, type: 'frame', parentId: container.id, x: plan.frame.x, y: plan.frame.y, props: { w: plan.frame.w, h: plan.frame.h, name }, meta: { [CLUSTER_META_KEY]: true } })
      editor.reparentShapes(ordered, clusterId)
      editor.updateShapes(plan.cards.map((card) => ({ id: card.id as TLShapeId, type: CARD_SHAPE_TYPE, x: card.x, y: card.y })))
      if (plan.containerHeight !== null) editor.updateShape({ id: container.id, type: 'frame', props: { h: plan.containerHeight } })
    } else {
      // Outside every section: the cluster goes where the first card was.
      const at = editor.getShapePageBounds(ordered[0]!)!
      const layout = clusterLayout(ordered.length, 3)
      editor.createShape({ id: clusterId, type: 'frame', x: at.x, y: at.y, props: { w: layout.w, h: layout.h, name }, meta: { [CLUSTER_META_KEY]: true } })
      editor.reparentShapes(ordered, clusterId)
      editor.updateShapes(ordered.map((card, i) => ({ id: card.id, type: CARD_SHAPE_TYPE, x: layout.slots[i]!.x, y: layout.slots[i]!.y })))
    }
    editor.select(clusterId)
  })
  return clusterId
}

/**
 * Validators of the props of our own tldraw shapes (the question-map card and the purpose). They
 * live in `shared/` because two sides build tldraw's store schema from them: the client's
 * ShapeUtils (client/board/shapes/) and the server, which keeps every board's stored schema at the
 * version the bundled tldraw knows (shared/model/tldraw-schema.ts). One definition, so the two
 * can never drift. Only `@tldraw/validate` is imported: no editor, no React, no DOM.
 */
import { createShapePropsMigrationSequence, type TLPropsMigrations } from '@tldraw/tlschema'
import { T } from '@tldraw/validate'
import { CARD_SHAPE_TYPE, type CardProps } from './card'
import { PURPOSE_SHAPE_TYPE } from './template'

/** One validator per prop, the shape tldraw's `RecordProps` asks of a ShapeUtil's `props`. */
export type PropsValidators<Props> = { [K in keyof Props]: T.Validatable<Props[K]> }

export interface PurposeProps {
  w: number
  h: number
}

/** A due date: empty, or a calendar day as `<input type="date">` gives it. */
const dueDate = T.string.check((value) => {
  if (value !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new Error(`Expected an ISO date or "", got ${value}`)
})

/**
 * The store validates every card against these, locally and from peers, so a card that does not
 * match `CardProps` (shared/model/card.ts) never reaches the canvas.
 */
export const cardShapeProps: PropsValidators<CardProps> = {
  w: T.nonZeroNumber,
  h: T.nonZeroNumber,
  text: T.string,
  kind: T.literalEnum('note', 'commitment'),
  authorName: T.string,
  authorCity: T.string,
  anonymous: T.boolean,
  createdAt: T.number,
  owner: T.string,
  ownerCity: T.string,
  due: dueDate,
}

export const purposeShapeProps: PropsValidators<PurposeProps> = {
  w: T.nonZeroNumber,
  h: T.nonZeroNumber,
}

/**
 * How cards stored by older versions become cards of this one. Every prop added to `CardProps`
 * after the first release needs a step here: an id from `createShapePropsMigrationIds` with the
 * next version, `up` giving stored cards the new prop's default, `down` removing it. Without one,
 * every card stored before the prop fails validation and is dropped from the canvas.
 * tests/model/shape-migrations.test.ts keeps a card as the first release stored it and fails as
 * soon as it no longer opens.
 */
export const cardShapeMigrations: TLPropsMigrations = createShapePropsMigrationSequence({ sequence: [] })

/** The same for the purpose shape. */
export const purposeShapeMigrations: TLPropsMigrations = createShapePropsMigrationSequence({ sequence: [] })

/** Our shapes by type, as tldraw's schema takes them. */
export const customShapeSchemas = {
  [CARD_SHAPE_TYPE]: { props: cardShapeProps, migrations: cardShapeMigrations },
  [PURPOSE_SHAPE_TYPE]: { props: purposeShapeProps, migrations: purposeShapeMigrations },
}

import { describe, expect, it } from 'vitest'
import { T } from 'tldraw'
import { CARD_LIMITS, EMPTY_CARD_PROPS, newCardProps, readCardProps, type CardProps } from '../../shared/model/card'
import { cardShapeProps } from '../../shared/model/custom-shape-props'

const validator = T.object(cardShapeProps)
const valid: CardProps = {
  ...EMPTY_CARD_PROPS,
  text: 'Wer kümmert sich um die Genehmigung?',
  kind: 'commitment',
  authorName: 'Ana',
  authorCity: 'Leipzig',
  createdAt: 1_750_000_000_000,
  owner: 'Ben',
  ownerCity: 'Dresden',
  due: '2026-07-01',
}

describe('the card shape validates its props', () => {
  it('accepts a complete card, and what a new card is made of', () => {
    expect(validator.validate(valid)).toEqual(valid)
    const fresh = newCardProps({ text: '  Idee  ', kind: 'note', authorName: 'Ana', authorCity: 'Leipzig', anonymous: false, createdAt: 1 })
    expect(validator.validate(fresh)).toMatchObject({ text: 'Idee', authorName: 'Ana' })
  })

  it('covers exactly the fields of CardProps in shared/model/card.ts', () => {
    expect(Object.keys(cardShapeProps).sort()).toEqual(Object.keys(EMPTY_CARD_PROPS).sort())
  })

  it.each([
    ['an unknown kind', { kind: 'sticky' }],
    ['a due date that is no calendar day', { due: 'next week' }],
    ['text that is not text', { text: 42 }],
    ['a missing author flag', { anonymous: undefined }],
    ['a zero size', { w: 0 }],
  ])('refuses %s', (_, change) => {
    expect(() => validator.validate({ ...valid, ...change })).toThrow()
  })

  it('leaves the author out of anonymous cards and bounds the text', () => {
    const card = newCardProps({ text: 'x'.repeat(900), kind: 'note', authorName: 'Ana', authorCity: 'Leipzig', anonymous: true, createdAt: 1 })
    expect(card).toMatchObject({ authorName: '', authorCity: '', anonymous: true })
    expect(card.text).toHaveLength(CARD_LIMITS.text)
  })

  it('reads cards of older versions with defaults', () => {
    expect(readCardProps({ text: 'alt', kind: 'weird', w: 'wide' })).toEqual({ ...EMPTY_CARD_PROPS, text: 'alt' })
  })
})

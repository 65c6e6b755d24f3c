import type { CardProps } from '../../../../shared/model/card'

/**
 * Type size for a card's text: large for the short notes most cards are, smaller as the text grows,
 * so the whole text usually fits the fixed card and short cards read from the back of the room.
 */
export function cardFontSize(text: string): number {
  if (text.length <= 60) return 26
  if (text.length <= 120) return 21
  if (text.length <= 220) return 17
  return 14
}

/** Whether the card shows and asks for commitment details. */
export function isCommitment(props: Pick<CardProps, 'kind'>, sectionKind: string | null): boolean {
  return props.kind === 'commitment' || sectionKind === 'commitments'
}

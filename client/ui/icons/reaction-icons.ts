import type { Reaction } from '../../sync/gestures'
import type { IconName } from './Icon'

type ReactionIcon = Extract<IconName, 'thumbsUp' | 'clap' | 'heart' | 'laugh' | 'thinking' | 'party'>

/**
 * Each reaction as an icon, on the board and on the phone alike (emoji show as empty boxes where no
 * emoji font is installed). The emoji stay the reactions' names in presence; `reaction.<icon>` is
 * the translated name.
 */
export const REACTION_ICONS: Record<Reaction, ReactionIcon> = {
  '👍': 'thumbsUp',
  '👏': 'clap',
  '❤️': 'heart',
  '😂': 'laugh',
  '🤔': 'thinking',
  '🎉': 'party',
}

import { isBoardId } from '../../shared/model/board-id'

/**
 * Finds the board id in whatever a person pastes: a whole link (any host, with or without a
 * trailing view such as /capture), a path, or the bare id. Returns null when there is none.
 */
export function boardIdFromInput(input: string): string | null {
  const text = input.trim()
  if (isBoardId(text)) return text
  const match = /\/b\/([^/?#\s]+)/.exec(text)
  return match?.[1] && isBoardId(match[1]) ? match[1] : null
}

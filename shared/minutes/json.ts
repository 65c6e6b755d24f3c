/**
 * The minutes as JSON: the `Minutes` structure itself (see `minutes.schema.json`), indented, with
 * `<`, `>` and `&` written as \u escapes so the text stays inert even if someone pastes it into
 * an HTML page.
 */
import type { Minutes } from './types'

export function toJson(minutes: Minutes): string {
  const text = JSON.stringify(minutes, null, 2).replace(/[<>&]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
  return `${text}\n`
}

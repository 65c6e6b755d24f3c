/**
 * What people type into the series' search box, made into an FTS5 query that can only mean
 * "these words (or quoted phrases), all of them": none of FTS5's syntax (quotes, `*`, `NEAR`,
 * `-`, `^`, column filters, parentheses) reaches SQLite, so no input makes the query fail.
 *
 * The index uses the trigram tokenizer (see storage/sqlite-series-storage.ts), which matches any
 * run of three or more characters inside a word: "experiment" finds "Straßenexperimente".
 * Shorter words cannot be matched and are dropped; a query without a longer one gets a message.
 */

/** Longer queries are refused: nobody types a page into a search box. */
export const MAX_QUERY_LENGTH = 200
const MAX_TERMS = 16
const MIN_TERM_LENGTH = 3

/** Text as the index compares it: lower case, ß as ss, accents and umlauts as their base letters. */
export function foldForSearch(text: string): string {
  return text.toLowerCase().replace(/ß/g, 'ss').normalize('NFKD').replace(/\p{M}/gu, '')
}

export type SearchQuery = { ok: true; match: string; terms: string[] } | { ok: false; message: string }

/** The words of a piece of text, folded: letters and digits, everything else a break. */
function words(text: string): string[] {
  return foldForSearch(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '')
}

export function parseSearchQuery(input: string): SearchQuery {
  if (input.length > MAX_QUERY_LENGTH) {
    return { ok: false, message: `search for at most ${MAX_QUERY_LENGTH} characters (this was ${input.length})` }
  }
  const terms: string[] = []
  // Quoted phrases stay phrases; an unmatched quote just ends the text.
  input.split('"').forEach((part, i) => {
    if (i % 2 === 1) {
      const phrase = words(part).join(' ')
      if (phrase.length >= MIN_TERM_LENGTH) terms.push(phrase)
    } else {
      terms.push(...words(part).filter((word) => word.length >= MIN_TERM_LENGTH))
    }
  })
  const unique = [...new Set(terms)].slice(0, MAX_TERMS)
  if (unique.length === 0) return { ok: false, message: `type a word of at least ${MIN_TERM_LENGTH} letters` }
  // Each term is an FTS5 string: only letters, digits and spaces are left inside the quotes.
  return { ok: true, match: unique.map((term) => `"${term}"`).join(' AND '), terms: unique }
}

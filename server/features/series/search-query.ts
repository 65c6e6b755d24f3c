/**
 * What people type into the series' search box, made into terms that can only mean "these words
 * (or quoted phrases), all of them": only letters, digits and spaces are left in a term, so none
 * of FTS5's syntax (quotes, `*`, `NEAR`, `-`, `^`, column filters, parentheses) or LIKE's
 * wildcards reaches the database, and no input makes the query fail.
 *
 * The index matches any run of three or more characters inside the folded text (SQLite: FTS5's
 * trigram tokenizer, storage/sqlite-series-storage.ts; PostgreSQL: LIKE, with a pg_trgm index
 * where the extension is there, storage/postgres-series-storage.ts): "experiment" finds
 * "Straßenexperimente". Shorter words cannot be matched and are dropped; a query without a longer
 * one gets a message.
 */

/** Longer queries are refused: nobody types a page into a search box. */
export const MAX_QUERY_LENGTH = 200
const MAX_TERMS = 16
const MIN_TERM_LENGTH = 3

/** Text as the index compares it: lower case, ß as ss, accents and umlauts as their base letters. */
export function foldForSearch(text: string): string {
  return text.toLowerCase().replace(/ß/g, 'ss').normalize('NFKD').replace(/\p{M}/gu, '')
}

export type SearchQuery = { ok: true; terms: string[] } | { ok: false; message: string }

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
  return { ok: true, terms: unique }
}

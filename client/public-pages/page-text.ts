/**
 * The small Markdown subset of the public pages' texts (server/features/public-pages/templates),
 * read into blocks React renders as elements: never as HTML, so an operator's text cannot put
 * markup or scripts on the page.
 *   `# ` a heading (the page's title), `## ` a section heading, `- ` a list item,
 *   other lines a paragraph (blank lines between paragraphs), `**bold**`,
 *   `[text](https://…)` and bare http(s) addresses and e-mail addresses become links.
 */
export type Inline = { kind: 'text'; text: string } | { kind: 'bold'; text: string } | { kind: 'link'; text: string; href: string }

export type Block =
  | { kind: 'title'; content: Inline[] }
  | { kind: 'heading'; content: Inline[] }
  | { kind: 'paragraph'; content: Inline[] }
  | { kind: 'list'; items: Inline[][] }

export function parsePageText(text: string): Block[] {
  const blocks: Block[] = []
  let paragraph: string[] = []
  const endParagraph = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', content: parseInline(paragraph.join(' ')) })
    paragraph = []
  }
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    const heading = /^(#{1,2})\s+(.*)$/.exec(line)
    const item = /^[-*]\s+(.*)$/.exec(line)
    if (line === '') endParagraph()
    else if (heading) {
      endParagraph()
      blocks.push({ kind: heading[1] === '#' ? 'title' : 'heading', content: parseInline(heading[2]!) })
    } else if (item) {
      endParagraph()
      const last = blocks.at(-1)
      if (last?.kind === 'list') last.items.push(parseInline(item[1]!))
      else blocks.push({ kind: 'list', items: [parseInline(item[1]!)] })
    } else paragraph.push(line)
  }
  endParagraph()
  return blocks
}

/** `[text](url)`, `**bold**`, a bare http(s) address, an e-mail address; everything else text. */
const INLINE = /\[([^\]]+)\]\((https?:\/\/[^\s)]+|mailto:[^\s)]+)\)|\*\*([^*]+)\*\*|(https?:\/\/[^\s<>()]+[^\s<>().,;:!?])|([\w.+-]+@[\w-]+(?:\.[\w-]+)+)/g

export function parseInline(text: string): Inline[] {
  const parts: Inline[] = []
  let at = 0
  for (const match of text.matchAll(INLINE)) {
    if (match.index > at) parts.push({ kind: 'text', text: text.slice(at, match.index) })
    const [, label, target, bold, url, email] = match
    if (label !== undefined) parts.push({ kind: 'link', text: label, href: target! })
    else if (bold !== undefined) parts.push({ kind: 'bold', text: bold })
    else if (url !== undefined) parts.push({ kind: 'link', text: url, href: url })
    else parts.push({ kind: 'link', text: email!, href: `mailto:${email}` })
    at = match.index + match[0].length
  }
  if (at < text.length) parts.push({ kind: 'text', text: text.slice(at) })
  return parts
}

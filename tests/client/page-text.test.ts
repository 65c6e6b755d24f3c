/** The public pages' text format: headings, paragraphs, lists, bold and links, and nothing read as HTML. */
import { describe, expect, it } from 'vitest'
import { parseInline, parsePageText } from '../../client/public-pages/page-text'

describe('the public pages text format', () => {
  it('reads a title, section headings, paragraphs over several lines and a list', () => {
    const blocks = parsePageText('# Title\n\nFirst line\nsecond line.\n\n## Section\n- one\n- **two**\n\nAfter.')
    expect(blocks).toEqual([
      { kind: 'title', content: [{ kind: 'text', text: 'Title' }] },
      { kind: 'paragraph', content: [{ kind: 'text', text: 'First line second line.' }] },
      { kind: 'heading', content: [{ kind: 'text', text: 'Section' }] },
      { kind: 'list', items: [[{ kind: 'text', text: 'one' }], [{ kind: 'bold', text: 'two' }]] },
      { kind: 'paragraph', content: [{ kind: 'text', text: 'After.' }] },
    ])
  })

  it('links e-mail addresses, bare http(s) addresses (without the full stop after them) and [text](url)', () => {
    expect(parseInline('Write to a11y@stadt.example or see https://stadt.example/hilfe. Or [the form](https://stadt.example/form).')).toEqual([
      { kind: 'text', text: 'Write to ' },
      { kind: 'link', text: 'a11y@stadt.example', href: 'mailto:a11y@stadt.example' },
      { kind: 'text', text: ' or see ' },
      { kind: 'link', text: 'https://stadt.example/hilfe', href: 'https://stadt.example/hilfe' },
      { kind: 'text', text: '. Or ' },
      { kind: 'link', text: 'the form', href: 'https://stadt.example/form' },
      { kind: 'text', text: '.' },
    ])
  })

  it('keeps markup and script addresses as plain text', () => {
    expect(parseInline('<script>alert(1)</script> [x](javascript:alert(1))')).toEqual([
      { kind: 'text', text: '<script>alert(1)</script> [x](javascript:alert(1))' },
    ])
  })
})

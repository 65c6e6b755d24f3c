import { parseArgs } from 'node:util'
import { describe, expect, it } from 'vitest'
import { argsWithIds } from '../../scripts/cli'

const OPTIONS = { format: { type: 'string' }, series: { type: 'string' }, out: { type: 'string' } } as const
const parse = (argv: string[]) => {
  const { values, positionals } = parseArgs({ args: argsWithIds(argv, Object.keys(OPTIONS)), allowPositionals: true, options: OPTIONS })
  return { values: { ...values }, positionals }
}

describe('the command-line tools read ids that start with a dash', () => {
  it('takes a board id starting with "-" as the board, wherever it stands', () => {
    expect(parse(['-RjW2l0vYx3kQ9aPz', '--format', 'all', '--out', 'x.tar'])).toEqual({
      values: { format: 'all', out: 'x.tar' },
      positionals: ['-RjW2l0vYx3kQ9aPz'],
    })
    expect(parse(['--format', 'md', '-_b0ard'])).toEqual({ values: { format: 'md' }, positionals: ['-_b0ard'] })
  })

  it('takes a series id starting with "-" as the value of --series, and keeps --name=value as it is', () => {
    expect(parse(['--series', '-S3ries', '--format=pdf'])).toEqual({ values: { series: '-S3ries', format: 'pdf' }, positionals: [] })
  })

  it('still refuses an unknown option and an option without its value', () => {
    expect(() => parse(['abc', '--colour', 'red'])).toThrow(/Unknown option '--colour'/)
    expect(() => parse(['abc', '--format'])).toThrow(/--format/)
  })
})

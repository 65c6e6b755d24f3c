/**
 * The minutes' file names: the title as an ASCII slug a person recognises, whatever letters the
 * title has (cities of several countries meet on one board).
 */
import { describe, expect, it } from 'vitest'
import { fileSlug } from '../../shared/minutes/formats'

describe('fileSlug', () => {
  it('spells out German letters as Germans do without umlauts', () => {
    expect(fileSlug('Straßenlabor Görlitz–Zgorzelec')).toBe('strassenlabor-goerlitz-zgorzelec')
  })

  it('drops accents instead of cutting words at them', () => {
    expect(fileSlug('Kraków, Île-de-France, İzmir')).toBe('krakow-ile-de-france-izmir')
  })

  it('spells out Latin letters that do not decompose into a letter and a mark', () => {
    expect(fileSlug('Leipzig und Łódź')).toBe('leipzig-und-lodz')
    expect(fileSlug('Ærø, Øresund, Œuvre')).toBe('aero-oresund-oeuvre')
  })

  it('leaves nothing of scripts beyond Latin, so the caller picks a fallback', () => {
    expect(fileSlug('Київ')).toBe('')
  })
})

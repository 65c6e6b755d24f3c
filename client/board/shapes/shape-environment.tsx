import type { ReactNode } from 'react'
import { atom, useValue, type Atom } from 'tldraw'
import { I18nValueProvider, type I18n } from '../../i18n/I18nProvider'
import { BoardContext, type BoardContextValue } from '../context/board-context'
import type { LegibleType } from './card/legible-type'

/**
 * What our shapes' views need besides the shape itself: the board they are on and the interface
 * language. tldraw renders image exports (PNG, SVG, the PDF's pictures) in a React root of its
 * own, outside every provider of the page, so a view that asked the page's context there would
 * throw and the export would lose the shape. The shape utils therefore carry the environment as an
 * option and provide it to their views wherever tldraw renders them.
 */
export interface ShapeEnvironment {
  board: BoardContextValue
  /** Changes when the person switches the language; views follow. */
  i18n: Atom<I18n>
  /** The smallest type this view shows on screen (null: cards keep their own sizes). */
  legibleType: LegibleType | null
}

/** An environment for one open board; keep `i18n` current with `environment.i18n.set`. */
export function createShapeEnvironment(board: BoardContextValue, i18n: I18n, legibleType: LegibleType | null = null): ShapeEnvironment {
  return { board, i18n: atom('shape i18n', i18n), legibleType }
}

/** Provides the environment to a shape's view; without one (tests of a bare editor) the page's providers apply. */
export function ShapeEnvironmentProvider({ environment, children }: { environment: ShapeEnvironment | null; children: ReactNode }) {
  return environment ? <ProvideEnvironment environment={environment}>{children}</ProvideEnvironment> : <>{children}</>
}

function ProvideEnvironment({ environment, children }: { environment: ShapeEnvironment; children: ReactNode }) {
  const i18n = useValue(environment.i18n)
  return (
    <I18nValueProvider value={i18n}>
      <BoardContext.Provider value={environment.board}>{children}</BoardContext.Provider>
    </I18nValueProvider>
  )
}

import { describe, expect, it } from 'vitest'
import { assetPathBoard, isBoardAssetPath } from '../../shared/model/asset-paths'
import { createBoardId } from '../../shared/model/board-id'

describe('asset paths', () => {
  const board = createBoardId()
  const name = 'AbCdEfGhIjKlMnOpQrSt_-'

  it('are exactly the server’s upload paths of one board', () => {
    expect(isBoardAssetPath(board, `/api/boards/${board}/assets/${name}`)).toBe(true)
    expect(assetPathBoard(`/api/boards/${board}/assets/${name}`)).toBe(board)
    const other = createBoardId()
    expect(isBoardAssetPath(board, `/api/boards/${other}/assets/${name}`)).toBe(false)
    expect(assetPathBoard(`/api/boards/${other}/assets/${name}`)).toBe(other)
  })

  it('are nothing else', () => {
    for (const url of [
      `https://elsewhere.example/api/boards/${board}/assets/${name}`,
      `//elsewhere.example/api/boards/${board}/assets/${name}`,
      `/api/boards/${board}/assets/${name}?x=1`,
      `/api/boards/${board}/assets/${name}#x`,
      `/api/boards/${board}/assets/${name.slice(1)}`,
      `/api/boards/${board}/assets/../../${name}`,
      `/api/boards/not-a-board/assets/${name}`,
      `data:image/png;base64,AAAA`,
      '',
    ]) {
      expect(isBoardAssetPath(board, url), url).toBe(false)
    }
    expect(isBoardAssetPath(board, null)).toBe(false)
    expect(isBoardAssetPath(board, 42)).toBe(false)
  })
})

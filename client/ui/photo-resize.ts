/** The longest side of a photo as the phone sends it: plenty for a projector, a fraction of the camera's bytes. */
export const PHOTO_LONGEST_SIDE = 1600
const JPEG_QUALITY = 0.85

export interface ResizedPhoto {
  blob: Blob
  width: number
  height: number
}

/**
 * A camera photo made ready to send from the phone (a card's photo on the phone page, a
 * commitment's on its owner's page): turned upright as the camera meant it (EXIF
 * orientation), scaled down to `PHOTO_LONGEST_SIDE` and encoded afresh as JPEG. Only the pixels go
 * into the new file, so the location and everything else the camera wrote beside them stays on
 * the phone (the server strips metadata again, for uploads from anywhere else).
 */
export async function resizePhoto(file: Blob): Promise<ResizedPhoto> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' })
  try {
    const scale = Math.min(1, PHOTO_LONGEST_SIDE / Math.max(bitmap.width, bitmap.height))
    const width = Math.max(1, Math.round(bitmap.width * scale))
    const height = Math.max(1, Math.round(bitmap.height * scale))
    return { blob: await drawAsJpeg(bitmap, width, height), width, height }
  } finally {
    bitmap.close()
  }
}

async function drawAsJpeg(bitmap: ImageBitmap, width: number, height: number): Promise<Blob> {
  const options = { type: 'image/jpeg', quality: JPEG_QUALITY }
  if (typeof OffscreenCanvas !== 'undefined') {
    const canvas = new OffscreenCanvas(width, height)
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0, width, height)
    return canvas.convertToBlob(options)
  }
  // Older Safari: a canvas in the page.
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, width, height)
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the photo could not be encoded'))), options.type, options.quality),
  )
}

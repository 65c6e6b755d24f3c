/**
 * The learning note of a series, as a feature:
 *   GET /api/series/:id/learning-note.md | .html | .csv | .json | .pdf
 *       ?lang=en|de  ?names=0  ?tz=Europe/Berlin   (manage | read, as `Authorization: Bearer`)
 * 200 with the file (Content-Disposition names it), 400 for a bad parameter, 403 without a link
 * of the series, 404 for an unknown series.
 */
import { NOTE_FORMATS } from '../../../shared/series/learning-note/formats'
import { HttpError } from '../../http/respond'
import type { Router } from '../../http/router'
import type { ServerFeature } from '../feature'
import { sendFile } from '../minutes/minutes'
import { MinutesRequestError } from '../minutes/minutes-export'
import { exportLearningNote, parseNoteRequest } from './learning-note-export'
import { requireSeriesRole } from './series-access'
import type { SeriesService } from './series-service'

export function learningNoteFeature(service: SeriesService): ServerFeature {
  return { registerRoutes: (router) => registerNoteRoutes(router, service) }
}

function registerNoteRoutes(router: Router, service: SeriesService): void {
  for (const format of NOTE_FORMATS) {
    router.get(`/api/series/:id/learning-note.${format}`, async ({ req, res, url, params }) => {
      const series = await service.findSeries(params.id!)
      requireSeriesRole(req, series, ['manage', 'read'])
      let request
      try {
        request = parseNoteRequest({ format, lang: url.searchParams.get('lang'), names: url.searchParams.get('names'), tz: url.searchParams.get('tz') })
      } catch (error) {
        if (error instanceof MinutesRequestError) throw new HttpError(400, error.message)
        throw error
      }
      const file = await exportLearningNote(service, series.id, request)
      if (!file) throw new HttpError(404, 'series not found')
      sendFile(res, file, format === 'html' ? 'inline' : 'attachment')
    })
  }
}

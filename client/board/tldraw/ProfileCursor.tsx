import { DefaultCursor, type TLCursorProps } from 'tldraw'
import { useI18n } from '../../i18n/I18nProvider'
import { usePresentParticipants } from '../../sync/use-participants'
import { useBoard } from '../context/board-context'
import { readableOnWhite } from './readable-on-white'

/** tldraw's cursor, with where the person takes part from next to their name, in a colour the name reads on. */
export function ProfileCursor(props: TLCursorProps) {
  const { t } = useI18n()
  // Presence carries tldraw's user record id ("user:<id>"), profiles the bare id.
  const userId = props.userId.replace(/^user:/, '')
  const person = usePresentParticipants(useBoard().awareness).find((p) => p.userId === userId)
  const name = person && props.name ? t(`cursor.${person.whereabouts}`, { name: props.name }) : props.name
  return <DefaultCursor {...props} color={props.color && readableOnWhite(props.color)} className="gb-cursor" name={name} />
}

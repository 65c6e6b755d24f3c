import './timer.css'
import { Icon } from './icons/Icon'
import { useEffect, useRef, useState } from 'react'
import { formatRemaining, remainingMs, type TimerState } from '../../shared/model/timer'
import { useI18n } from '../i18n/I18nProvider'
import { onServerClock, serverNow, syncServerClock } from '../session/server-clock'
import { LOCAL_KEYS } from '../session/storage-keys'

/** Redraws four times a second: the shown second changes within a quarter second of the true one. */
const TICK_MS = 250

/** Re-renders every `TICK_MS` while `active`, and whenever the server clock offset is measured again. */
function useTick(active: boolean): void {
  const [, setTick] = useState(0)
  useEffect(() => onServerClock(() => setTick((n) => n + 1)), [])
  useEffect(() => {
    void syncServerClock()
    if (!active) return
    const timer = setInterval(() => setTick((n) => n + 1), TICK_MS)
    return () => clearInterval(timer)
  }, [active])
}

/** A short chime from the browser itself (no file to fetch). */
function chime(): void {
  const context = new AudioContext()
  const tone = context.createOscillator()
  const volume = context.createGain()
  tone.frequency.value = 880
  volume.gain.setValueAtTime(0.25, context.currentTime)
  volume.gain.exponentialRampToValueAtTime(0.001, context.currentTime + 1.2)
  tone.connect(volume).connect(context.destination)
  tone.start()
  tone.stop(context.currentTime + 1.2)
  tone.onended = () => void context.close()
}

/**
 * The shared countdown: the same remaining time on every screen, from the end time in the doc and
 * this device's measure of the server's clock. The end shows clearly; a chime can be switched on
 * per device, where someone sits at it: the stage, watched from across the room and touched by
 * nobody, shows no switch (`soundToggle` false; it rings as its device was set).
 */
export function TimerDisplay({ timer, className = '', soundToggle = true }: { timer: TimerState; className?: string; soundToggle?: boolean }) {
  const { t } = useI18n()
  useTick(timer.phase === 'running')
  const [sound, setSound] = useState(() => localStorage.getItem(LOCAL_KEYS.timerSound) === '1')
  const remaining = remainingMs(timer, serverNow())
  const ended = remaining === 0 && timer.phase === 'running'

  const chimed = useRef<number | null>(null)
  useEffect(() => {
    if (!ended || timer.phase !== 'running' || chimed.current === timer.endsAt) return
    chimed.current = timer.endsAt
    if (sound) chime()
  }, [ended, timer, sound])

  if (remaining === null) return null
  const toggleSound = () => {
    localStorage.setItem(LOCAL_KEYS.timerSound, sound ? '0' : '1')
    setSound(!sound)
  }
  return (
    <div
      className={`gb-timer gb-timer--${ended ? 'ended' : timer.phase} ${className}`}
      data-testid="timer"
      data-ends-at={timer.phase === 'running' ? timer.endsAt : undefined}
    >
      <span className="visually-hidden">{t('timer.label')}: </span>
      <span className="gb-timer__time" data-testid="timer-time">
        {formatRemaining(remaining)}
      </span>
      {ended && <span className="gb-timer__end" role="alert">{t('timer.ended')}</span>}
      {timer.phase === 'paused' && <span className="gb-timer__state">{t('timer.paused')}</span>}
      {soundToggle && (
        <button
          type="button"
          className="gb-timer__sound"
          aria-pressed={sound}
          aria-label={t(sound ? 'timer.sound.off' : 'timer.sound.on')}
          title={t(sound ? 'timer.sound.off' : 'timer.sound.on')}
          onClick={toggleSound}
        >
          <Icon name={sound ? 'bell' : 'bellOff'} />
        </button>
      )}
    </div>
  )
}

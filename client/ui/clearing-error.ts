import type { ChangeEvent } from 'react'

type TextControl = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement

/**
 * The change handler of a form control whose value is checked on submit: it keeps the new value
 * and takes the error shown with the control away, as the person is now correcting what it said.
 */
export function clearingError(setValue: (value: string) => void, clearError: () => void): (event: ChangeEvent<TextControl>) => void {
  return (event) => {
    setValue(event.target.value)
    clearError()
  }
}

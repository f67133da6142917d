// One labelled form field: its control gets the id, the hint and the error it is described by.
import { useId, type ReactNode } from 'react'

export interface FieldProps {
  id: string
  'aria-invalid': boolean
  'aria-describedby': string | undefined
}

export function Field({ label, hint, error, wide, children }: { label: string; hint?: string; error?: string; wide?: boolean; children: (p: FieldProps) => ReactNode }) {
  const id = useId()
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined
  return (
    <div className={`field${error ? ' invalid' : ''}${wide ? ' wide' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': describedBy })}
      {hint && (
        <small id={`${id}-hint`} className="muted">
          {hint}
        </small>
      )}
      {error && (
        <small id={`${id}-err`} className="error field-error" role="alert">
          {error}
        </small>
      )}
    </div>
  )
}

/** A labelled field: the label's text above its control (beside it, `inline`), naming the control. */
import type { ReactNode } from 'react';

interface Props {
  label: string;
  /** Across both columns of a two-column form. */
  wide?: boolean;
  inline?: boolean;
  children: ReactNode;
}

export function Field({ label, wide = false, inline = false, children }: Props) {
  const className = `field${inline ? ' field--inline' : ''}${wide ? ' form__wide' : ''}`;
  return (
    <label className={className}>
      <span className="field__label">{label}</span>
      {children}
    </label>
  );
}

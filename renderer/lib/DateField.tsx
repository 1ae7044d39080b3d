/**
 * The desk's one date input (the header's "Go to date", the booking and move dialogs' "Date"). Its
 * value is always a Gregorian `YYYY-MM-DD`. In English it is the platform's date input; in Persian
 * the platform's input would show Gregorian, so the date is shown and picked in the solar hijri
 * calendar instead: day, month name and year, each a native select (keyboard and screen readers know
 * them), in Persian digits, laid out right to left, inside a group that carries the field's name.
 */
import { useId, useMemo } from 'react';
import { useFormat, useT } from '../i18n/use-t';
import { Field } from './Field';
import { isoOfPersian, persianDateOf, persianMonthNames } from './persian-date';

interface Props {
  /** The field's accessible name: shown above it, or (`labelHidden`) only told to assistive tech. */
  label: string;
  labelHidden?: boolean;
  /** `YYYY-MM-DD`. */
  value: string;
  onChange(date: string): void;
  required?: boolean;
  className?: string;
}

/** How many years either side of the shown one the Persian year list offers. */
const YEARS_AROUND = 5;

const from = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, i) => first + i);

export function DateField(props: Props) {
  const f = useFormat();
  return f.calendar === 'persian' && props.value ? (
    <PersianDateField {...props} />
  ) : (
    <NativeDateField {...props} />
  );
}

function NativeDateField({ label, labelHidden, value, onChange, required, className = '' }: Props) {
  const input = (
    <input
      type="date"
      className={labelHidden ? className : undefined}
      aria-label={labelHidden ? label : undefined}
      required={required}
      value={value}
      onChange={(e) => e.target.value && onChange(e.target.value)}
    />
  );
  return labelHidden ? input : <Field label={label}>{input}</Field>;
}

function PersianDateField({ label, labelHidden, value, onChange, className = '' }: Props) {
  const t = useT();
  const f = useFormat();
  const labelId = useId();
  const { year, month, day, daysInMonth } = persianDateOf(value);
  const months = useMemo(() => persianMonthNames(year), [year]);
  const pick = (y: number, m: number, d: number) => onChange(isoOfPersian(y, m, d));
  return (
    <div
      role="group"
      aria-labelledby={labelId}
      className={`datefield${labelHidden ? '' : ' field'} ${className}`.trim()}
    >
      <span id={labelId} className={labelHidden ? 'sr-only' : 'field__label'}>
        {label}
      </span>
      <div className="datefield__parts">
        <select
          aria-label={t('date.day')}
          value={day}
          onChange={(e) => pick(year, month, Number(e.target.value))}
        >
          {from(1, daysInMonth).map((d) => (
            <option key={d} value={d}>
              {f.digits(String(d))}
            </option>
          ))}
        </select>
        <select
          aria-label={t('date.month')}
          value={month}
          onChange={(e) => pick(year, Number(e.target.value), day)}
        >
          {months.map((name, i) => (
            <option key={name} value={i + 1}>
              {name}
            </option>
          ))}
        </select>
        <select
          aria-label={t('date.year')}
          value={year}
          onChange={(e) => pick(Number(e.target.value), month, day)}
        >
          {from(year - YEARS_AROUND, year + YEARS_AROUND).map((y) => (
            <option key={y} value={y}>
              {f.digits(String(y))}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

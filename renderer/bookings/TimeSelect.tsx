/**
 * A time from the free ones (`useFreeSlots`), shown in the location's zone and the language's digits.
 * The time already chosen stays offered even when it is not free, so the choice is never silently
 * changed; with `prompt`, an empty first option says how many times are free (or that they are loading).
 */
import { useFormat, useT } from '../i18n/use-t';
import type { FreeSlots } from './use-free-slots';

interface Props {
  zone: string;
  slots: FreeSlots | null;
  /** The chosen instant (ISO), or empty. */
  value: string;
  onChange(start: string): void;
  prompt?: boolean;
}

export function TimeSelect({ zone, slots, value, onChange, prompt = false }: Props) {
  const t = useT();
  const f = useFormat();
  const options = slots ?? [];
  const listed = options.some((s) => s.start === value);
  return (
    <select
      required={prompt}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      aria-busy={prompt ? slots === null : undefined}
    >
      {prompt && (
        <option value="">
          {slots === null ? t('booking.loadingTimes') : t('booking.pickTime', { count: options.length })}
        </option>
      )}
      {value && !listed && <option value={value}>{f.time(zone, value)}</option>}
      {options.map((s) => (
        <option key={s.start} value={s.start}>
          {f.time(zone, s.start)}
        </option>
      ))}
    </select>
  );
}

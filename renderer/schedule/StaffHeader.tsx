import type { CSSProperties } from 'react';
import type { Staff } from '../../core/domain/schemas';
import { initials } from '../header/Header';
import type { Formats } from '../i18n/format';
import { useFormat, useT } from '../i18n/use-t';
import type { Translate } from '../i18n/use-t';

/** A staff column's head: name, today's hours and how many appointments they have. */
export function StaffHeader({
  member,
  count,
  shifts,
  style,
  index,
}: {
  member: Staff;
  count: number;
  shifts: [number, number][];
  style: CSSProperties;
  index: number;
}) {
  const t = useT();
  const f = useFormat();
  return (
    <div
      className="staffhead"
      style={{ ...style, '--staff': member.color } as CSSProperties}
      role="columnheader"
      aria-colindex={index + 2}
    >
      <span className="staffhead__avatar" aria-hidden="true">
        {initials(member.name)}
      </span>
      <div className="staffhead__text">
        <div className="staffhead__name">{member.name}</div>
        <div className="staffhead__meta">{describeShifts(t, f, shifts)}</div>
      </div>
      <span className="staffhead__count" title={t('schedule.appointments', { count })}>
        {f.number(count)}
      </span>
    </div>
  );
}

/** `09:00–18:00`, or `Off today`. */
function describeShifts(t: Translate, f: Formats, shifts: [number, number][]): string {
  if (shifts.length === 0) return t('schedule.offToday');
  return `${f.clock(shifts[0]![0])}–${f.clock(shifts.at(-1)![1])}`;
}

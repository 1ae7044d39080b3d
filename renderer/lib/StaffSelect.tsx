/** A choice of staff member, by name; with `anyone`, "Anyone" (the empty value) comes first. */
import type { DaySchedule } from '../../core/ipc/schedule.ipc';
import { useT } from '../i18n/use-t';

interface Props {
  staff: Pick<DaySchedule['staff'][number], 'id' | 'name'>[];
  value: string;
  onChange(staffId: string): void;
  anyone?: boolean;
  autoFocus?: boolean;
}

export function StaffSelect({ staff, value, onChange, anyone = false, autoFocus }: Props) {
  const t = useT();
  return (
    <select autoFocus={autoFocus} value={value} onChange={(e) => onChange(e.target.value)}>
      {anyone && <option value="">{t('common.anyone')}</option>}
      {staff.map((s) => (
        <option key={s.id} value={s.id}>
          {s.name}
        </option>
      ))}
    </select>
  );
}

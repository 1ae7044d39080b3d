/**
 * Where the desk works: a business with several locations picks one (the schedule, the queue, the
 * overlay and free times follow it); with one location, just its name, no picker.
 */
import { useT } from '../i18n/use-t';
import { useLocations } from './use-locations';

export function LocationPicker({ fallbackName, className }: { fallbackName: string; className?: string }) {
  const t = useT();
  const { locations, currentId, choose } = useLocations();
  if (locations.length < 2) {
    return (
      <span className={className}>{locations.find((l) => l.id === currentId)?.name ?? fallbackName}</span>
    );
  }
  return (
    <select
      className={className ? `${className} location-picker` : 'location-picker'}
      aria-label={t('location.label')}
      value={currentId ?? ''}
      onChange={(event) => void choose(event.target.value)}
    >
      {locations.map((location) => (
        <option key={location.id} value={location.id}>
          {location.name}
        </option>
      ))}
    </select>
  );
}

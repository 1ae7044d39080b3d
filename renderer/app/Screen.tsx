import type { ScheduleBooking } from '../../core/ipc/schedule.ipc';
import { ArrivalsView } from '../arrivals/ArrivalsView';
import type { BookingCommand } from '../bookings/BookingMenu';
import { CustomersView } from '../customers/CustomersView';
import type { SignIn } from '../session/use-sign-in';
import { SettingsView } from '../settings/SettingsView';
import type { Settings } from '../settings/use-settings';
import { WeekView } from '../week/WeekView';
import type { Route } from './routes';
import type { FrontDesk } from './use-front-desk';

interface Props {
  route: Exclude<Route, 'day' | 'overlay'> | Route;
  desk: FrontDesk;
  signIn: SignIn;
  settings: Settings;
  onCommand(booking: ScheduleBooking, command: BookingCommand): void;
}

/** The screens other than the day view. */
export function Screen({ route, desk, signIn, settings, onCommand }: Props) {
  switch (route) {
    case 'week':
      return <WeekView desk={desk} />;
    case 'arrivals':
      return <ArrivalsView desk={desk} onCommand={onCommand} />;
    case 'customers':
      return <CustomersView desk={desk} />;
    case 'settings':
      return <SettingsView desk={desk} signIn={signIn} settings={settings} />;
    default:
      return null;
  }
}

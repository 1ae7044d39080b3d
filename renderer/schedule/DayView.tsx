import type { FrontDesk } from '../app/use-front-desk';
import { CalendarReconnectBanner } from '../calendars/CalendarReconnectBanner';
import { SignedOutBanner } from '../session/SignedOutBanner';
import type { SignIn } from '../session/use-sign-in';
import { DaySummary } from './DaySummary';
import { Header } from './Header';
import { ScheduleGrid } from './ScheduleGrid';
import { WalkInQueue } from './WalkInQueue';

export function DayView({ desk, signIn }: { desk: FrontDesk; signIn: SignIn }) {
  return (
    <div className="app">
      <Header desk={desk} onSignOut={signIn.signOut} />
      <SignedOutBanner session={desk.session} signIn={signIn} />
      <CalendarReconnectBanner connections={desk.calendars} zone={desk.zone} now={desk.now} />
      <main className="workspace">
        <section className="schedule" aria-label="Schedule">
          {desk.day ? (
            <ScheduleGrid day={desk.day} now={desk.now} />
          ) : (
            <div className="empty">{desk.error ?? 'Loading the schedule…'}</div>
          )}
        </section>
        <aside className="side">
          <WalkInQueue day={desk.day} now={desk.now} />
          {desk.day && <DaySummary day={desk.day} />}
        </aside>
      </main>
    </div>
  );
}

import { useEffect, useState } from 'react';
import { Overlay } from '../overlay/Overlay';
import { DayView } from '../schedule/DayView';
import { SignInScreen } from '../session/SignInScreen';
import { useSignIn } from '../session/use-sign-in';
import { useFrontDesk } from './use-front-desk';

const routeOf = () => (window.location.hash.startsWith('#/overlay') ? 'overlay' : 'day');

export function App() {
  const [route, setRoute] = useState(routeOf);
  const desk = useFrontDesk();
  const signIn = useSignIn();
  useEffect(() => {
    const onHash = () => setRoute(routeOf());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    document.title = desk.session?.businessName ? `Bookdesk — ${desk.session.businessName}` : 'Bookdesk';
    document.body.dataset.route = route;
  }, [desk.session?.businessName, route]);
  if (route === 'overlay') return <Overlay desk={desk} />;
  // No account open (first run, signed out): the sign-in screen comes first.
  if (desk.session && desk.session.apiBaseUrl === null)
    return <SignInScreen session={desk.session} signIn={signIn} />;
  return <DayView desk={desk} signIn={signIn} />;
}

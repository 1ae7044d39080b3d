import { useEffect, useState } from 'react';
import { I18n } from '../i18n/I18n';
import { Overlay } from '../overlay/Overlay';
import { useSettings } from '../settings/use-settings';
import { SignInScreen } from '../session/SignInScreen';
import { useSignIn } from '../session/use-sign-in';
import { Desk } from './Desk';
import type { Route } from './routes';
import { routeOf } from './routes';
import { useFrontDesk } from './use-front-desk';

export function App() {
  const [route, setRoute] = useState<Route>(routeOf);
  const desk = useFrontDesk();
  const signIn = useSignIn();
  const settings = useSettings();
  useEffect(() => {
    const onHash = () => setRoute(routeOf());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    document.title = desk.session?.businessName ? `Bookdesk — ${desk.session.businessName}` : 'Bookdesk';
    document.body.dataset.route = route;
  }, [desk.session?.businessName, route]);
  // The first paint waits for the kept language, so a Persian desk never flashes English.
  if (!settings.loaded && window.bookdesk) return null;
  let screen;
  if (route === 'overlay') screen = <Overlay desk={desk} options={settings.settings.overlay} />;
  // No account open (first run, signed out): the sign-in screen comes first.
  else if (desk.session && desk.session.apiBaseUrl === null)
    screen = <SignInScreen session={desk.session} signIn={signIn} />;
  else screen = <Desk route={route} desk={desk} signIn={signIn} settings={settings} />;
  return <I18n language={settings.settings.language}>{screen}</I18n>;
}

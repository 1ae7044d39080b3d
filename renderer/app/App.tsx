import { useEffect, useState } from 'react';
import { Overlay } from '../overlay/Overlay';
import { DayView } from '../schedule/DayView';
import { useFrontDesk } from './use-front-desk';

const routeOf = () => (window.location.hash.startsWith('#/overlay') ? 'overlay' : 'day');

export function App() {
  const [route, setRoute] = useState(routeOf);
  const desk = useFrontDesk();
  useEffect(() => {
    const onHash = () => setRoute(routeOf());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    document.title = desk.session?.businessName ? `Bookdesk — ${desk.session.businessName}` : 'Bookdesk';
    document.body.dataset.route = route;
  }, [desk.session?.businessName, route]);
  return route === 'overlay' ? <Overlay desk={desk} /> : <DayView desk={desk} />;
}

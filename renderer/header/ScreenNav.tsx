import type { Route } from '../app/routes';
import { useT } from '../i18n/use-t';
import type { MessageId } from '../i18n/messages.en';

const SCREENS: { route: Route; label: MessageId; href: string }[] = [
  { route: 'day', label: 'nav.day', href: '#/' },
  { route: 'week', label: 'nav.week', href: '#/week' },
  { route: 'arrivals', label: 'nav.arrivals', href: '#/arrivals' },
  { route: 'customers', label: 'nav.customers', href: '#/customers' },
  { route: 'settings', label: 'nav.settings', href: '#/settings' },
];

/** The desk's screens, as links (the URL's hash), the current one marked. */
export function ScreenNav({ route }: { route: Route }) {
  const t = useT();
  return (
    <nav className="screens" aria-label={t('nav.label')}>
      {SCREENS.map((s) => (
        <a
          key={s.route}
          href={s.href}
          className="screens__link"
          aria-current={route === s.route ? 'page' : undefined}
        >
          {t(s.label)}
        </a>
      ))}
    </nav>
  );
}

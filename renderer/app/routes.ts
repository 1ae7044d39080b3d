/** The screens of the desk window, addressed by the URL's hash (`#/week`), and the overlay window. */
export const ROUTES = ['day', 'week', 'arrivals', 'customers', 'settings', 'overlay'] as const;
export type Route = (typeof ROUTES)[number];

export function routeOf(): Route {
  const name = window.location.hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'day';
}

export const goTo = (route: Route) => {
  window.location.hash = route === 'day' ? '#/' : `#/${route}`;
};

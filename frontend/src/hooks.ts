import { useEffect, useState } from 'preact/hooks';

/** The route is the hash: '#/generateApiKey' → 'generateApiKey'; '' on the home page. */
export function useHashRoute(): string {
  const read = () => location.hash.replace(/^#\/?/, '').split('?')[0];
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const onChange = () => setRoute(read());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

/** Sets document.title and moves focus to the page's heading when the page changes. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} – IPS`;
  }, [title]);
}

let nextId = 0;
/** A stable id for label/aria wiring. */
export function useId(prefix: string): string {
  const [id] = useState(() => `${prefix}-${++nextId}`);
  return id;
}

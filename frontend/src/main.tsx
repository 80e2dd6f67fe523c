import { render } from 'preact';
import { App } from './app';
import './styles.css';

// A page restored from the back/forward cache would show what it showed before sign-out
// (a new key included): load it anew instead.
window.addEventListener('pageshow', (event) => {
  if (event.persisted) location.reload();
});

render(<App />, document.getElementById('app')!);

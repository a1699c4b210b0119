// The console: sign-in, a hash router, and the screens. Each screen asks the administration API;
// what the API refuses the screen shows as refused.
import { h, show, field, notice } from './dom.js';
import { signIn, signOut, signedIn, onSignedOut, get } from './api.js';
import * as partners from './partners.js';
import * as config from './agreements.js';
import * as consent from './consent.js';
import * as dryRun from './dryrun.js';
import * as ledger from './ledger.js';
import * as deadLetters from './deadletters.js';
import * as measures from './measures.js';
import * as operations from './operations.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const signOutButton = document.getElementById('sign-out');

/** Routes: a pattern of the hash and the screen drawing it (given the main element and the captures). */
const ROUTES = [
  [/^#\/partners$/, partners.list],
  [/^#\/partners\/([^/]+)$/, partners.detail],
  [/^#\/agreements$/, config.list],
  [/^#\/agreements\/([a-z-]+)\/new$/, (m, kind) => config.edit(m, kind, null)],
  [/^#\/agreements\/([a-z-]+)\/([^/]+)$/, config.edit],
  [/^#\/consent$/, consent.choose],
  [/^#\/consent\/([^/]+)$/, consent.family],
  [/^#\/dry-run$/, dryRun.form],
  [/^#\/ledger$/, ledger.choose],
  [/^#\/accounting\/([^/?]+)(?:\?.*)?$/, ledger.accounting],
  [/^#\/dead-letters(?:\?.*)?$/, deadLetters.list],
  [/^#\/measures$/, measures.report],
  [/^#\/operations$/, operations.watch],
];

let leave = null; // what the current screen stops when the user goes elsewhere (operations' polling)

async function route() {
  if (leave) { leave(); leave = null; }
  if (!signedIn()) {
    drawSignIn();
    return;
  }
  nav.hidden = false;
  signOutButton.hidden = false;
  const hash = location.hash || '#/partners';
  main.removeAttribute('data-route');
  for (const link of nav.querySelectorAll('a')) {
    if (hash.startsWith(link.getAttribute('href'))) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const found = ROUTES.map(([pattern, screen]) => [hash.match(pattern), screen]).find(([match]) => match);
  show(main, h('p', { class: 'muted', role: 'status' }, 'Loading…'));
  if (!found) {
    show(main, h('h1', {}, 'No such screen'), h('p', {}, h('a', { href: '#/partners' }, 'Partners')));
    main.setAttribute('data-route', hash);
    return;
  }
  const [match, screen] = found;
  const captures = match.slice(1).map(decodeURIComponent);
  try {
    const stop = await screen(main, ...captures);
    leave = typeof stop === 'function' ? stop : null;
  } catch (e) {
    show(main, notice('bad', 'The console failed to draw this screen.'));
  }
  // drawn: tests and assistive tools can tell the screen is complete
  if (location.hash === hash || (!location.hash && hash === '#/partners')) main.setAttribute('data-route', hash);
  main.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

function drawSignIn(message) {
  nav.hidden = true;
  signOutButton.hidden = true;
  const token = h('input', { type: 'password', name: 'token', autocomplete: 'off', required: true, id: 'token' });
  const form = h('form', { id: 'sign-in', 'aria-labelledby': 'sign-in-title' },
    h('h1', { id: 'sign-in-title' }, 'Sign in'),
    message ? notice('warn', message) : null,
    field('Access token', token, 'Your administration API token, or a JWT from the identity provider. '
      + 'It is kept in this tab\'s memory only; closing or reloading the tab forgets it.'),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Sign in')));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    signIn(token.value);
    token.value = '';
    // any operation tells whether the API knows the token: 401 only if it does not
    const probe = await get('/v1/admin/partners');
    if (!signedIn() || probe.status === 401) {
      signOut();
      drawSignIn('The hub did not accept this token (unknown, revoked, expired or invalid).');
      return;
    }
    if (!location.hash || location.hash === '#/' || location.hash === '#/sign-in') location.hash = '#/partners';
    else route();
  });
  show(main, form);
  token.focus();
}

onSignedOut(() => {
  if (leave) { leave(); leave = null; }
  drawSignIn('You are signed out.');
});
signOutButton.addEventListener('click', () => signOut());
window.addEventListener('hashchange', route);
route();

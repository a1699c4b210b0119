// The one way the console reaches the hub: the administration API, with the signed-in user's
// bearer token. The token lives in this module's variable only (never a cookie or web storage):
// a reload or sign-out forgets it.

let token = null;
const listeners = [];

export function signIn(bearer) {
  token = bearer.trim();
}

export function signOut() {
  token = null;
  listeners.forEach(listener => listener());
}

export function signedIn() {
  return token !== null;
}

/** Called when the API no longer knows the token (401): the console returns to sign-in. */
export function onSignedOut(listener) {
  listeners.push(listener);
}

/**
 * Calls the API: resolves to { status, ok, body } where body is the parsed JSON (a problem
 * document on failure) or text. A 401 signs out.
 */
export async function call(method, path, body, contentType = 'application/json') {
  const headers = { Accept: 'application/json' };
  if (token !== null) headers.Authorization = 'Bearer ' + token;
  const init = { method, headers, credentials: 'omit', cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = contentType;
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    return { status: 0, ok: false, body: { title: 'The hub did not answer', detail: 'check the connection and retry' } };
  }
  const text = await response.text();
  const type = response.headers.get('Content-Type') || '';
  let parsed = text;
  if (type.includes('json') && text.length > 0) {
    try { parsed = JSON.parse(text); } catch (e) { parsed = text; }
  }
  if (response.status === 401 && token !== null) {
    signOut();
  }
  return { status: response.status, ok: response.ok, body: parsed };
}

export const get = path => call('GET', path);
export const post = (path, body, contentType) => call('POST', path, body === undefined ? '' : body, contentType);
export const put = (path, body) => call('PUT', path, body);
export const del = path => call('DELETE', path);

/** A path segment from user input, encoded. */
export const seg = value => encodeURIComponent(value);

/**
 * Asks {@code probe} (an async function answering true once done) every {@code everyMs} until it
 * answers true or {@code withinMs} passed: what the API accepted (202) is filed by the core a moment
 * later, and the screen shows it once it is.
 */
export async function until(probe, withinMs = 20000, everyMs = 400) {
  const deadline = Date.now() + withinMs;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise(resolve => setTimeout(resolve, everyMs));
  }
}

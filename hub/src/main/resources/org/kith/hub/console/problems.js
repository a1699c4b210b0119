// How the API's refusals look: the API decides (403, 404...), the console says so plainly.
import { h } from './dom.js';

const TITLES = {
  0: 'The hub did not answer',
  400: 'The request was not understood',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Not done: it conflicts with the current state',
  410: 'No longer kept',
  413: 'Too large',
  422: 'Not valid',
  503: 'Not available now',
};

function detail(result) {
  const body = result.body;
  if (body && typeof body === 'object') {
    return body.detail || body.title || '';
  }
  return '';
}

/** A whole screen for a refusal, e.g. when a user lacks the role (403) or the family is outside their scope (404). */
export function refusalScreen(result, what) {
  const title = TITLES[result.status] || 'The hub refused (' + result.status + ')';
  const children = [h('h1', { class: 'refusal', 'data-status': result.status }, title)];
  if (what) children.push(h('p', {}, what));
  if (result.status === 403) {
    children.push(h('p', {}, 'Your sign-in does not hold the role this needs: ', detail(result), '.'));
  } else if (result.status === 404) {
    children.push(h('p', {}, 'It does not exist, or it is outside your agency scope. ', detail(result)));
  } else {
    children.push(h('p', {}, detail(result)));
  }
  return h('section', { class: 'notice bad', role: 'alert', 'data-refusal': result.status }, children);
}

/** A short inline refusal (a part of a screen, or the outcome of an action). */
export function refusalNotice(result) {
  const title = TITLES[result.status] || 'Refused (' + result.status + ')';
  const violations = result.body && Array.isArray(result.body.violations) ? result.body.violations : [];
  return h('div', { class: 'notice bad', role: 'alert', 'data-refusal': result.status },
    h('strong', {}, title), ' ', detail(result),
    violations.length === 0 ? null : h('ul', { class: 'violations' },
      violations.map(v => h('li', {}, h('code', {}, v.pointer || '/'), ': ', v.message || v.detail || ''))));
}

/**
 * A refusal of a form's input, also shown inline: each violation's message beside the control its
 * JSON pointer names (the deepest segment naming one of the form's controls), which is marked
 * invalid for screen readers. Returns the notice for the form's outcome area.
 */
export function invalid(result, form) {
  form.querySelectorAll('[aria-invalid]').forEach(control => control.removeAttribute('aria-invalid'));
  form.querySelectorAll('.field-error').forEach(message => message.remove());
  const violations = result.body && Array.isArray(result.body.violations) ? result.body.violations : [];
  for (const violation of violations) {
    const segments = String(violation.pointer || '').split('/').filter(s => s.length > 0 && !/^\d+$/.test(s));
    const control = segments.reverse().map(name => form.querySelector('[name="' + CSS.escape(name) + '"]')).find(c => c);
    if (!control) continue;
    control.setAttribute('aria-invalid', 'true');
    const message = h('span', { class: 'field-error', id: control.id + '-error-' + control.parentNode.children.length },
      violation.message || violation.detail || 'not valid');
    control.setAttribute('aria-describedby', [control.getAttribute('aria-describedby'), message.id].filter(v => v).join(' '));
    control.parentNode.append(message);
  }
  return refusalNotice(result);
}

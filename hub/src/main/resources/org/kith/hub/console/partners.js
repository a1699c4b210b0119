// Partners: list, register, detail, change, credentials (shown once), revoke; breaker and dead letters.
import { h, show, field, table, facts, notice, pretty } from './dom.js';
import { get, put, post, seg } from './api.js';
import { refusalScreen, refusalNotice } from './problems.js';
import { parseMetrics } from './operations.js';

const KINDS = ['child-welfare', 'court', 'guardian-ad-litem', 'attorney', 'law-enforcement', 'school',
  'education-agency', 'mental-health', 'substance-use-treatment', 'health-care', 'hospital', 'public-health',
  'housing', 'domestic-violence-services', 'early-intervention', 'child-care', 'income-support',
  'developmental-disabilities', 'workforce', 'juvenile-justice', 'tribe', 'community-organization',
  'faith-based-organization', 'family'];
const BREAKER = ['closed', 'open', 'half-open'];

export async function list(main) {
  const result = await get('/v1/admin/partners');
  if (!result.ok) return show(main, refusalScreen(result, 'The partners of the partnership.'));
  const partners = result.body.partners;
  show(main,
    h('h1', {}, 'Partners'),
    table('Registered partners', [
      ['Id', p => h('a', { href: '#/partners/' + seg(p.id) }, p.id)],
      ['Name', p => p.name],
      ['Kind', p => p.kind],
      ['Webhook', p => p.webhook || '—'],
      ['Keys', p => String(p.keys)],
      ['API token', p => p.token ? 'yes' : 'no'],
      ['State', p => p.revokedAt ? h('span', { class: 'status-revoked' }, 'revoked ' + p.revokedAt) : 'active'],
    ], partners),
    h('h2', { id: 'register-title' }, 'Register a partner'),
    registrationForm(null, 'register-title'));
}

function registrationForm(partner, labelledBy) {
  const id = h('input', { name: 'id', required: true, pattern: '[a-z0-9][a-z0-9-]*', value: partner ? partner.id : '',
    readonly: partner !== null });
  const name = h('input', { name: 'name', value: partner ? partner.name || '' : '' });
  const kind = h('select', { name: 'kind', required: true },
    KINDS.map(k => h('option', { value: k, selected: partner !== null && partner.kind === k }, k)));
  const contact = h('input', { name: 'contact', type: 'email', value: partner ? partner.contact || '' : '' });
  const webhook = h('input', { name: 'webhook', type: 'url', value: partner ? partner.webhook || '' : '' });
  const keys = h('textarea', { name: 'publicKeys', rows: 4 });
  const outcome = h('div', { 'aria-live': 'polite' });
  const form = h('form', { 'aria-labelledby': labelledBy, class: 'partner-form' },
    field('Partner id', id, 'lower-case letters, digits and hyphens'),
    field('Name', name),
    field('Kind', kind),
    field('Contact e-mail', contact),
    field('Webhook URL', webhook, 'where the hub delivers this partner\'s copies; empty if it reads Kafka or a file drop'),
    field('Public keys (JWKS)', keys, partner
      ? 'a change replaces the registration: give the partner\'s public keys again (it holds ' + partner.keys
        + ' now); issue its API token again after'
      : 'the keys the partner signs its messages with, as a JSON Web Key Set; optional'),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, partner ? 'Save change' : 'Register')),
    outcome);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const entry = { kind: kind.value };
    if (name.value) entry.name = name.value;
    if (contact.value) entry.contact = contact.value;
    if (webhook.value) entry.webhook = webhook.value;
    if (keys.value.trim()) {
      try { entry.publicKeys = JSON.parse(keys.value); } catch (e) {
        keys.setAttribute('aria-invalid', 'true');
        show(outcome, notice('bad', 'The public keys are not JSON.'));
        return;
      }
    }
    const result = await put('/v1/admin/partners/' + seg(id.value), entry);
    if (result.ok) {
      location.hash = '#/partners/' + seg(id.value);
    } else {
      show(outcome, refusalNotice(result));
    }
  });
  return form;
}

export async function detail(main, id) {
  const result = await get('/v1/admin/partners/' + seg(id));
  if (!result.ok) return show(main, refusalScreen(result, 'Partner ' + id + '.'));
  const p = result.body;
  const credentials = h('section', { 'aria-labelledby': 'credentials-title' });
  const breaker = h('section', { 'aria-labelledby': 'breaker-title' }, h('h2', { id: 'breaker-title' }, 'Webhook breaker'));
  const letters = h('section', { 'aria-labelledby': 'letters-title' }, h('h2', { id: 'letters-title' }, 'Dead letters'));
  show(main,
    h('p', {}, h('a', { href: '#/partners' }, '← Partners')),
    h('h1', {}, 'Partner ', p.id),
    facts([['Name', p.name], ['Kind', p.kind], ['Contact', p.contact || '—'], ['Webhook', p.webhook || '—'],
      ['File drop (SFTP)', p.sftp || '—'], ['Public keys', String(p.keys)], ['API token', p.token ? 'yes' : 'no'],
      ['Certificates', (p.certificates || []).join(', ') || '—'],
      ['State', p.revokedAt ? 'revoked ' + p.revokedAt : 'active']]),
    credentials, breaker, letters,
    h('h2', { id: 'change-title' }, 'Change the registration'),
    registrationForm(p, 'change-title'),
    h('h2', {}, 'History'),
    await history('/v1/admin/partners/' + seg(id) + '/history'));
  drawCredentials(credentials, p);
  drawBreaker(breaker, p);
  drawLetters(letters, p);
}

function drawCredentials(section, p) {
  const outcome = h('div', { 'aria-live': 'polite' });
  const issue = h('button', { type: 'button', id: 'issue-token' }, 'Issue an API token');
  const issueKafka = h('button', { type: 'button', class: 'secondary', id: 'issue-kafka' }, 'Issue a Kafka user');
  const revoke = h('button', { type: 'button', class: 'danger', id: 'revoke' }, 'Revoke…');
  const ask = async body => {
    const result = await post('/v1/admin/partners/' + seg(p.id) + '/credentials', body);
    if (!result.ok) return show(outcome, refusalNotice(result));
    const secret = result.body.token || (result.body.kafka && result.body.kafka.password) || '';
    const secretText = h('output', { class: 'secret', id: 'issued-secret' }, secret || pretty(result.body));
    const copy = h('button', { type: 'button', class: 'secondary', id: 'copy-secret' }, 'Copy');
    copy.addEventListener('click', async () => {
      try { await navigator.clipboard.writeText(secretText.textContent); copy.textContent = 'Copied'; }
      catch (e) { copy.textContent = 'Select and copy by hand'; }
    });
    show(outcome, notice('warn',
      h('p', {}, h('strong', {}, 'Shown once. '), 'Give it to the partner now by a safe channel: the hub keeps only its hash and cannot show it again. Issuing another replaces it.'),
      secretText, h('div', { class: 'actions' }, copy),
      result.body.kafka ? h('pre', {}, pretty({ ...result.body.kafka, password: undefined })) : null));
  };
  issue.addEventListener('click', () => ask({ token: true }));
  issueKafka.addEventListener('click', () => ask({ kafka: true }));
  revoke.addEventListener('click', () => {
    const confirm = h('button', { type: 'button', class: 'danger', id: 'confirm-revoke' }, 'Revoke ' + p.id + ' now');
    const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
    confirm.addEventListener('click', async () => {
      const result = await post('/v1/admin/partners/' + seg(p.id) + '/revoke', {});
      show(outcome, result.ok ? notice('ok', 'Revoked: its token, certificates and Kafka user no longer work.')
        : refusalNotice(result));
    });
    cancel.addEventListener('click', () => show(outcome));
    show(outcome, notice('warn', h('p', {}, 'Revoking ', p.id, ' stops its token, certificates and Kafka user at once. '
      + 'Its registration stays; register it again to lift the revocation.'), h('div', { class: 'actions' }, confirm, cancel)));
    confirm.focus();
  });
  show(section, h('h2', { id: 'credentials-title' }, 'Credentials'),
    h('div', { class: 'actions' }, issue, issueKafka, revoke), outcome);
}

async function drawBreaker(section, p) {
  if (!p.webhook) return section.append(h('p', { class: 'muted' }, 'No webhook.'));
  const result = await get('/v1/admin/metrics');
  if (!result.ok) return section.append(refusalNotice(result));
  const state = parseMetrics(result.body).find(s => s.name === 'kith_webhook_breaker_state' && s.labels.partner === p.id);
  section.append(h('p', { id: 'breaker-state' }, state ? BREAKER[state.value] || String(state.value) : 'not measured yet'));
}

async function drawLetters(section, p) {
  const result = await get('/v1/admin/deadletters?partner=' + seg(p.id));
  if (!result.ok) return section.append(refusalNotice(result));
  section.append(h('p', {}, h('a', { href: '#/dead-letters?partner=' + seg(p.id) }, 'Inspect and deliver again')));
  section.append(table('Copies ' + p.id + ' refused for good', [
    ['Offset', l => String(l.offset)], ['Reason', l => l.reason], ['Detail', l => l.detail], ['At', l => l.at]],
  result.body.deadLetters));
}

/** The history of an administered object as a table (shared by partners and agreements). */
export async function history(path) {
  const result = await get(path);
  if (!result.ok) return refusalNotice(result);
  return table('Changes, oldest first', [
    ['At', e => e.at || e.recordedAt || ''], ['Action', e => e.action], ['By', e => e.actor],
    ['Asked by', e => e.requestedBy || '']], result.body.history);
}

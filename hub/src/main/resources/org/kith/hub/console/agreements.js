// Agreements, routing rules and statute rules: status, create or change with the schema's
// messages inline, four-eyes approvals, and each object's history.
import { h, show, field, table, list as joined, notice, pretty } from './dom.js';
import { get, put, post, del, seg, until } from './api.js';
import { refusalScreen, refusalNotice } from './problems.js';
import { history } from './partners.js';

const KINDS = [
  ['agreements', 'agreements', 'Data-sharing agreements'],
  ['routing-rules', 'routingRules', 'Routing rules'],
  ['statute-rules', 'statuteRules', 'Statute rules'],
];
const DAY = 24 * 60 * 60 * 1000;

/** In force, expiring within 30 days, expired, or not yet in force, from the object's dates. */
export function status(object, now = new Date()) {
  const today = now.toISOString().slice(0, 10);
  if (object.effective && object.effective > today) return ['not-yet', 'not yet in force'];
  if (!object.expires) return ['in-force', 'in force'];
  if (object.expires < today) return ['expired', 'expired'];
  const soon = new Date(now.getTime() + 30 * DAY).toISOString().slice(0, 10);
  return object.expires <= soon ? ['expiring', 'expiring within 30 days'] : ['in-force', 'in force'];
}

function statusCell(object) {
  const [code, words] = status(object);
  return h('span', { class: 'status-' + code, 'data-status': code }, words);
}

export async function list(main, said) {
  const sections = [h('h1', {}, 'Agreements and rules'), h('div', { 'aria-live': 'polite', id: 'changes-outcome' }, said || null)];
  let allRefused = true;
  let lastRefusal = null;
  for (const [path, section, title] of KINDS) {
    const result = await get('/v1/admin/' + path);
    sections.push(h('h2', {}, title));
    if (!result.ok) { lastRefusal = result; sections.push(refusalNotice(result)); continue; }
    allRefused = false;
    sections.push(table(title, [
      ['Id', o => h('a', { href: '#/agreements/' + path + '/' + seg(o.id) }, o.id)],
      ['Parties or recipients', o => joined(o.parties || o.to || o.senders || [])],
      ['Message types', o => joined(o.messageTypes || [])],
      ['Effective', o => o.effective || ''], ['Expires', o => o.expires || ''],
      ['Status', statusCell]], result.body[section]));
    sections.push(h('p', {}, h('a', { href: '#/agreements/' + path + '/new', class: 'new-' + path }, 'New ', title.toLowerCase().replace(/s$/, ''))));
  }
  if (allRefused) return show(main, refusalScreen(lastRefusal, 'The partnership\'s agreements and rules.'));
  sections.push(h('h2', {}, 'Changes waiting for a second administrator'));
  sections.push(await pending(main, sections[1]));
  show(main, sections);
}

/**
 * The changes waiting for a second administrator, each to approve or reject; the API refuses
 * their author (403). Once decided, the list is drawn again when the change is gone from the
 * waiting ones (and, approved, in force).
 */
async function pending(main, outcome) {
  const result = await get('/v1/admin/changes');
  if (!result.ok) return refusalNotice(result);
  const here = location.hash;
  const act = (change, verb) => async event => {
    event.currentTarget.disabled = true;
    const r = await post('/v1/admin/changes/' + seg(change.changeId) + '/' + verb, '');
    event.target.disabled = false;
    if (!r.ok) return show(outcome, refusalNotice(r));
    show(outcome, notice('', verb === 'approve' ? 'Approved; the hub applies it…' : 'Rejected.'));
    await until(async () => {
      const waiting = await get('/v1/admin/changes');
      return waiting.ok && !waiting.body.pending.some(c => c.changeId === change.changeId);
    });
    if (location.hash === here) {
      await list(main, notice('ok', verb === 'approve' ? 'Approved and applied: ' : 'Rejected: ', change.kind, ' ', change.objectId, '.'));
    }
  };
  return table('Pending changes (never approved by their author: the hub refuses that)', [
    ['Change', c => c.changeId], ['Object', c => c.kind + ' ' + c.objectId],
    ['Action', c => c.action], ['Asked by', c => c.requestedBy], ['At', c => c.requestedAt],
    ['Change asked', c => c.object ? h('details', {}, h('summary', {}, 'Show'), h('pre', {}, pretty(c.object))) : 'delete'],
    ['Decide', c => h('div', { class: 'actions' },
      h('button', { type: 'button', 'data-approve': c.changeId, onclick: act(c, 'approve') }, 'Approve'),
      h('button', { type: 'button', class: 'secondary', 'data-reject': c.changeId, onclick: act(c, 'reject') }, 'Reject'))]],
  result.body.pending);
}

const TEMPLATES = {
  'agreements': { parties: [], purposes: ['referral'], messageTypes: ['referral'], categories: ['administrative'],
    effective: new Date().toISOString().slice(0, 10), expires: '' },
  'routing-rules': { messageTypes: ['referral'], to: [] },
  'statute-rules': {},
};

export async function edit(main, kind, id) {
  const known = KINDS.find(([path]) => path === kind);
  if (!known) return show(main, h('h1', {}, 'No such kind of rule'));
  const [path, , title] = known;
  let object = { ...TEMPLATES[path] };
  if (id !== null) {
    const result = await get('/v1/admin/' + path + '/' + seg(id));
    if (!result.ok) return show(main, refusalScreen(result, title + ': ' + id + '.'));
    object = result.body;
  }
  const idInput = h('input', { name: 'id', required: true, value: id || '', readonly: id !== null });
  const body = { ...object };
  delete body.id;
  const text = h('textarea', { name: 'object', rows: 14, spellcheck: 'false' }, pretty(body));
  const outcome = h('div', { 'aria-live': 'polite', id: 'config-outcome' });
  const form = h('form', { 'aria-labelledby': 'config-title', id: 'config-form' },
    field('Id', idInput),
    field('The ' + title.toLowerCase().replace(/s$/, '') + ' (JSON)', text,
      'checked by the hub against the partnership schema; its messages appear below, each with the field it names'),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Save'),
      id === null ? null : h('button', { type: 'button', class: 'danger', id: 'delete-config' }, 'Delete…')),
    outcome);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    let parsed;
    try { parsed = JSON.parse(text.value); text.removeAttribute('aria-invalid'); } catch (e) {
      text.setAttribute('aria-invalid', 'true');
      return show(outcome, notice('bad', 'Not JSON: ', e.message));
    }
    parsed.id = idInput.value;
    const result = await put('/v1/admin/' + path + '/' + seg(idInput.value), parsed);
    if (result.status === 200) {
      show(outcome, notice('ok', 'Saved: in force for the next message.'));
    } else if (result.status === 202) {
      text.removeAttribute('aria-invalid');
      show(outcome, notice('warn', h('span', { 'data-change': result.body.pending }, 'Waiting for a second administrator'),
        ' (change ', result.body.pending, '): it is in force once another administrator approves it under ',
        h('a', { href: '#/agreements' }, 'Agreements and rules'), '.'));
    } else {
      text.setAttribute('aria-invalid', 'true');
      show(outcome, refusalNotice(result));
    }
  });
  const remove = form.querySelector('#delete-config');
  if (remove) {
    remove.addEventListener('click', () => {
      const confirm = h('button', { type: 'button', class: 'danger' }, 'Delete ' + id + ' now');
      confirm.addEventListener('click', async () => {
        const result = await del('/v1/admin/' + path + '/' + seg(id));
        show(outcome, result.ok ? notice('ok', result.status === 202 ? 'Waiting for a second administrator.' : 'Deleted.')
          : refusalNotice(result));
      });
      show(outcome, notice('warn', 'Messages it allowed will be withheld from the next one on. ', confirm));
      confirm.focus();
    });
  }
  show(main, h('p', {}, h('a', { href: '#/agreements' }, '← Agreements and rules')),
    h('h1', { id: 'config-title' }, id === null ? 'New: ' + title.toLowerCase() : title + ': ' + id),
    id === null ? null : h('p', {}, 'Status: ', statusCell(object)),
    form,
    id === null ? null : h('h2', {}, 'History'),
    id === null ? null : await history('/v1/admin/' + path + '/' + seg(id) + '/history'));
}

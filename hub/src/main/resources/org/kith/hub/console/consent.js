// A family's consent: directives and authorities in force and past, record (form or FHIR Consent
// file), revoke, and break-glass for the emergency role.
import { h, show, field, table, list as joined, notice } from './dom.js';
import { get, post, seg, until } from './api.js';
import { refusalScreen, refusalNotice, invalid } from './problems.js';

const CATEGORIES = ['identity', 'contact', 'demographics', 'safety', 'placement', 'education', 'special-education',
  'physical-health', 'behavioral-health', 'substance-use', 'reproductive-health', 'hiv', 'court', 'juvenile-justice',
  'immigration', 'case-plan', 'service', 'administrative'];

export function choose(main) {
  const family = h('input', { name: 'family', required: true, pattern: '[A-Za-z0-9][A-Za-z0-9._-]*' });
  const form = h('form', { 'aria-labelledby': 'choose-title' },
    field('Family id', family, 'a family in your agency scope'),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Open')));
  form.addEventListener('submit', event => {
    event.preventDefault();
    location.hash = '#/consent/' + seg(family.value.trim());
  });
  show(main, h('h1', { id: 'choose-title' }, 'A family\'s consent'), form);
  family.focus();
}

const csv = input => input.value.split(',').map(v => v.trim()).filter(v => v.length > 0);

export function family(main, familyId) {
  return draw(main, familyId, null);
}

/**
 * Draws the family's file, with {@code said} (a notice) in the outcome area. A document the API
 * accepted (202) is filed by the core a moment later: the screen waits until the API shows it
 * filed, then draws the file again, so what it shows is always what the hub holds.
 */
async function draw(main, familyId, said) {
  const base = '/v1/admin/families/' + seg(familyId);
  const here = location.hash;
  const [directives, authorities] = await Promise.all([get(base + '/directives'), get(base + '/authorities')]);
  if (!directives.ok) {
    // the emergency role declares break-glass access without reading the family's consent: the API decides
    return show(main, refusalScreen(directives, 'The consent of family ' + familyId + '.'),
      directives.status === 403 ? [h('h2', { id: 'emergency-title' }, 'Break-glass: child-safety emergency access'),
        emergencyForm(base, familyId, null)] : null);
  }
  const outcome = h('div', { 'aria-live': 'polite', id: 'consent-outcome' }, said);
  /** Once {@code filed} (an async test) holds, the file drawn again with {@code message}; until then a note that the hub files it. */
  const refile = async (where, filed, message) => {
    show(where, notice('', 'Accepted; the hub is filing it…'));
    const done = await until(filed);
    if (location.hash !== here) return;
    if (done) await draw(main, familyId, notice('ok', message));
    else show(where, notice('warn', 'Accepted, but not filed yet: ', h('a', { href: '#/consent/' + seg(familyId) }, 'look again'), ' in a moment.'));
  };
  const directiveStatus = async id => {
    const result = await get(base + '/directives/' + seg(id));
    return result.ok ? result.body.status : null;
  };
  const revokeButton = d => {
    if (d.status !== 'active') return h('span', { class: 'status-revoked', 'data-status': 'revoked' }, 'revoked ' + (d.revokedAt || ''));
    const button = h('button', { type: 'button', class: 'danger', 'data-revoke': d.directiveId }, 'Revoke…');
    button.addEventListener('click', () => {
      const confirm = h('button', { type: 'button', class: 'danger', id: 'confirm-revoke' }, 'Revoke ' + d.directiveId + ' now');
      const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
      // who revoked it, and how: the grantor by default, a verbal revocation being valid
      const by = h('input', { name: 'revokedBy', required: true, value: d.data.grantor ? d.data.grantor.personId : '' });
      const capacity = h('select', { name: 'revokedCapacity' }, ['parent', 'legal-guardian', 'youth-for-self', 'adult-for-self',
        'court-appointed'].map(c => h('option', { value: c }, c)));
      const method = h('select', { name: 'revokedMethod' }, ['verbal', 'written-signature', 'electronic-signature']
        .map(m => h('option', { value: m }, m)));
      confirm.addEventListener('click', async () => {
        confirm.disabled = true;
        const result = await post(base + '/directives/' + seg(d.directiveId) + '/revoke', {
          revokedBy: { personId: by.value.trim(), capacity: capacity.value }, evidence: { method: method.value } });
        confirm.disabled = false;
        if (!result.ok) return show(outcome, refusalNotice(result));
        await refile(outcome, async () => await directiveStatus(d.directiveId) === 'revoked',
          'Revocation of ' + d.directiveId + ' recorded: nothing more is disclosed on it from the next decision on.');
      });
      cancel.addEventListener('click', () => { show(outcome); button.focus(); });
      show(outcome, notice('warn', h('p', {}, 'Revoke directive ', d.directiveId, '? Nothing more is disclosed on it. '),
        field('Revoked by (person id)', by), field('In the capacity of', capacity), field('Given', method),
        h('div', { class: 'actions' }, confirm, cancel)));
      confirm.focus();
    });
    return h('span', {}, h('span', { class: 'status-in-force', 'data-status': 'active' }, 'in force'), ' ', button);
  };
  const recorded = (where, id) => refile(where, async () => await directiveStatus(id) !== null,
    'Directive ' + id + ' recorded and on file.');
  const period = p => p ? (p.from || '') + ' – ' + (p.to || '') : '';
  show(main,
    h('p', {}, h('a', { href: '#/consent' }, '← Another family')),
    h('h1', {}, 'Consent of family ', familyId),
    outcome,
    h('h2', {}, 'Directives'),
    table('What the family decided, in force and past', [
      ['Directive', d => d.directiveId], ['Effect', d => d.effect],
      ['Recipients', d => joined(d.data.recipients)], ['Categories', d => joined(d.data.categories)],
      ['Purposes', d => joined(d.data.purposes)],
      ['Period', d => period(d.data.period)],
      ['Grantor', d => d.data.grantor ? d.data.grantor.personId + ' (' + (d.data.grantor.relationship || d.data.grantor.capacity || '') + ')' : ''],
      ['Evidence', d => d.data.evidence ? (d.data.evidence.formReference || '') : ''],
      ['Recorded', d => (d.recordedAt || '').slice(0, 10) + (d.recordedBy ? ' by ' + d.recordedBy : '')],
      ['Status', revokeButton]], directives.body.directives),
    h('h2', {}, 'Legal authorities'),
    authorities.ok ? table('Authorities to share without consent (court orders, statutes, emergencies)', [
      ['Authority', a => a.authorityId], ['Kind', a => a.kind], ['Recipients', a => joined(a.data.recipients)],
      ['Categories', a => joined(a.data.categories)],
      ['Period', a => period(a.data.period)],
      ['Justification', a => a.data.emergency ? a.data.emergency.justification : '']], authorities.body.authorities)
      : refusalNotice(authorities),
    h('h2', { id: 'record-title' }, 'Record a directive'),
    directiveForm(base, familyId, recorded),
    h('h2', { id: 'fhir-title' }, 'Record a directive from a FHIR Consent file'),
    fhirForm(base, recorded),
    h('h2', { id: 'emergency-title' }, 'Break-glass: child-safety emergency access'),
    emergencyForm(base, familyId, (where, id) => refile(where, async () => {
      const result = await get(base + '/authorities');
      return result.ok && result.body.authorities.some(a => a.authorityId === id);
    }, 'Emergency access ' + id + ' declared and on file.')));
}

function directiveForm(base, familyId, recorded) {
  const input = (name, attributes = {}) => h('input', { name, ...attributes });
  const id = input('directiveId', { required: true });
  const subjects = input('subjects', { required: true, value: familyId + '-C1' });
  const grantor = input('grantor', { required: true, value: familyId + '-P1' });
  const relationship = input('relationship', { value: 'mother' });
  const capacity = h('select', { name: 'capacity' }, ['parent', 'self', 'guardian', 'custodian', 'court'].map(c => h('option', { value: c }, c)));
  const effect = h('select', { name: 'effect' }, h('option', { value: 'permit' }, 'permit'), h('option', { value: 'deny' }, 'deny'));
  const recipients = input('recipients', { required: true });
  const categories = h('select', { name: 'categories', multiple: true, size: 6 },
    CATEGORIES.map(c => h('option', { value: c, selected: ['administrative', 'service', 'identity'].includes(c) }, c)));
  const purposes = input('purposes', { value: 'referral' });
  const from = input('from', { type: 'date', required: true, value: new Date().toISOString().slice(0, 10) });
  const to = input('to', { type: 'date', required: true });
  const form = input('formReference', { required: true });
  const language = input('language', { value: 'en' });
  const outcome = h('div', { 'aria-live': 'polite', id: 'record-outcome' });
  const element = h('form', { 'aria-labelledby': 'record-title', id: 'directive-form' },
    field('Directive id', id), field('About (person ids, comma-separated)', subjects),
    field('Grantor (person id)', grantor), field('Grantor\'s relationship', relationship),
    field('Grantor\'s capacity', capacity), field('Effect', effect),
    field('Recipients (partner ids, comma-separated)', recipients),
    field('Categories', categories, 'hold Ctrl or Shift to choose several'),
    field('Purposes (comma-separated)', purposes), field('From', from), field('To', to),
    field('Evidence: signed form reference', form), field('Explained in language', language),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Record directive')), outcome);
  element.addEventListener('submit', async event => {
    event.preventDefault();
    const directive = {
      directiveId: id.value, subjects: csv(subjects),
      grantor: { personId: grantor.value, relationship: relationship.value || undefined, capacity: capacity.value },
      effect: effect.value, recipients: csv(recipients),
      categories: [...categories.selectedOptions].map(o => o.value), purposes: csv(purposes),
      period: { from: from.value, to: to.value },
      evidence: { formReference: form.value, explainedInLanguage: language.value || undefined },
      redisclosureAllowed: false,
    };
    const result = await post(base + '/directives', directive);
    if (!result.ok) return show(outcome, invalid(result, element));
    await recorded(outcome, result.body.directiveId || id.value);
  });
  return element;
}

function fhirForm(base, recorded) {
  const file = h('input', { type: 'file', name: 'consent', accept: '.json,application/fhir+json,application/json', required: true });
  const outcome = h('div', { 'aria-live': 'polite', id: 'fhir-outcome' });
  const element = h('form', { 'aria-labelledby': 'fhir-title', id: 'fhir-form' },
    field('FHIR R4 Consent (JSON)', file, 'as another consent system exports it'),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Record from file')), outcome);
  element.addEventListener('submit', async event => {
    event.preventDefault();
    if (!file.files[0]) return;
    const text = await file.files[0].text();
    const result = await post(base + '/directives', text, 'application/fhir+json');
    if (!result.ok) return show(outcome, refusalNotice(result));
    await recorded(outcome, result.body.directiveId);
  });
  return element;
}

function emergencyForm(base, familyId, declared) {
  const id = h('input', { name: 'authorityId', required: true });
  const subjects = h('input', { name: 'subjects', required: true, value: familyId + '-C1' });
  const recipients = h('input', { name: 'recipients', required: true });
  const categories = h('input', { name: 'categories', value: 'administrative, service, identity' });
  const justification = h('textarea', { name: 'justification', required: true, rows: 3 });
  const requester = h('input', { name: 'requestedBy', required: true });
  const hours = h('input', { name: 'hours', type: 'number', min: 1, max: 72, value: 48, required: true });
  const outcome = h('div', { 'aria-live': 'polite', id: 'emergency-outcome' });
  const element = h('form', { 'aria-labelledby': 'emergency-title', id: 'emergency-form' },
    notice('warn', 'Only for a child\'s safety when consent cannot wait. It needs the emergency role; who declared it and why '
      + 'appear in the family\'s accounting of disclosures.'),
    field('Authority id', id), field('About (person ids)', subjects), field('Recipients (partner ids)', recipients),
    field('Categories', categories), field('Justification', justification, 'why the child cannot wait for consent'),
    field('Requested by (name and role)', requester), field('Hours it lasts', hours),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'danger' }, 'Declare emergency access')), outcome);
  element.addEventListener('submit', async event => {
    event.preventDefault();
    const now = new Date();
    const until = new Date(now.getTime() + Number(hours.value) * 3600 * 1000);
    const result = await post(base + '/emergency', {
      authorityId: id.value, kind: 'emergency', subjects: csv(subjects), recipients: csv(recipients),
      categories: csv(categories), purposes: ['referral'],
      period: { from: now.toISOString().slice(0, 10), to: until.toISOString().slice(0, 10) },
      emergency: { justification: justification.value, requestedBy: { name: requester.value, role: requester.value },
        declaredAt: now.toISOString(), expires: until.toISOString() },
    });
    if (!result.ok) return show(outcome, invalid(result, element));
    if (declared) await declared(outcome, id.value);
    else show(outcome, notice('ok', 'Emergency access ', id.value, ' declared: it appears in the family\'s accounting of disclosures.'));
  });
  return element;
}


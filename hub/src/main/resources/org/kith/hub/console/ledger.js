// The ledger verified from the browser, and a family's accounting of disclosures as a printable page.
import { h, show, field, table, list as joined, notice } from './dom.js';
import { get, seg } from './api.js';
import { refusalScreen, refusalNotice } from './problems.js';

export async function choose(main) {
  const family = h('input', { name: 'family', required: true });
  const person = h('input', { name: 'person' });
  const form = h('form', { 'aria-labelledby': 'accounting-title', id: 'accounting-form' },
    field('Family id', family), field('Member (person id)', person, 'optional: one member\'s accounting only'),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Show the accounting')));
  form.addEventListener('submit', event => {
    event.preventDefault();
    location.hash = '#/accounting/' + seg(family.value.trim()) + (person.value.trim() ? '?person=' + seg(person.value.trim()) : '');
  });
  const verification = h('section', { 'aria-live': 'polite', id: 'ledger-verification' });
  const verify = h('button', { type: 'button', id: 'verify-ledger' }, 'Verify the ledger');
  verify.addEventListener('click', async () => {
    show(verification, h('p', { class: 'muted' }, 'Checking every chain…'));
    const result = await get('/v1/admin/ledger/verify');
    if (!result.ok) return show(verification, refusalNotice(result));
    const body = result.body;
    show(verification,
      notice(body.ok ? 'ok' : 'bad', h('strong', { id: 'ledger-verdict' }, body.ok ? 'OK' : 'NOT OK'), ': ',
        String(body.records), ' records in ', String(body.chains.length), ' chains.'),
      table('Each chain', [['Chain', c => c.chain], ['Result', c => c.ok ? 'OK' : 'BAD: ' + c.fault],
        ['Records', c => String(c.records ?? '')], ['Signed checkpoints', c => String(c.checkpoints ?? '')],
        ['Unsealed after the last', c => String(c.unsealed ?? '')], ['First bad record (seq)', c => c.ok ? '' : String(c.seq)]],
      body.chains));
  });
  show(main, h('h1', {}, 'Ledger and accounting'),
    h('h2', {}, 'The ledger'),
    h('p', {}, 'Checks every record\'s hash and chain and every checkpoint\'s signature, as kith ledger verify does.'),
    h('div', { class: 'actions' }, verify), verification,
    h('h2', { id: 'accounting-title' }, 'A family\'s accounting of disclosures'), form);
}

export async function accounting(main, familyId) {
  const person = new URLSearchParams(location.hash.split('?')[1] || '').get('person');
  const path = '/v1/admin/families/' + seg(familyId) + '/accounting' + (person ? '?person=' + seg(person) : '');
  const result = await get(path);
  if (!result.ok) return show(main, refusalScreen(result, 'The accounting of family ' + familyId + '.'));
  const entries = result.body.entries;
  const print = h('button', { type: 'button', id: 'print', class: 'no-print' }, 'Print');
  print.addEventListener('click', () => window.print());
  show(main,
    h('p', { class: 'no-print' }, h('a', { href: '#/ledger' }, '← Ledger and accounting')),
    h('h1', { id: 'accounting-heading' }, 'Accounting of disclosures: family ', familyId, person ? ', member ' + person : ''),
    h('p', {}, 'Every time the hub sent, or did not send, information about ', person ? 'this person' : 'this family',
      ' to a partner, from the hub\'s tamper-evident ledger. ', String(entries.length), ' entries.'),
    h('div', { class: 'actions no-print' }, print),
    table('Who received what, when, on what basis', [
      ['Date', e => String(e.at).slice(0, 10)], ['Recipient', e => e.recipient], ['Message', e => e.messageType],
      ['Outcome', e => h('span', { class: 'outcome-' + e.outcome }, e.outcome)], ['Categories sent', e => joined(e.categories)],
      ['Withheld', e => joined(e.withheld)], ['Purpose', e => e.purpose], ['Basis', e => joined(e.basis)],
      ['Break glass', e => (e.breakGlass || []).map(g => g.authorityId + ': declared by ' + g.declaredBy + ' (' + g.verifiedBy + '): ' + g.justification).join('; ')],
      ['In words', e => e.sentence]], entries));
}

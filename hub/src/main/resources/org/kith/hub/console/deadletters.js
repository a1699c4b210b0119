// Dead letters: reason and source, inspect (ids and violations only: the API never gives a body),
// replay, decided again at replay time, with the outcome shown.
import { h, show, field, table, notice, facts } from './dom.js';
import { get, post, seg } from './api.js';
import { refusalScreen, refusalNotice } from './problems.js';

export async function list(main) {
  const partner = new URLSearchParams(location.hash.split('?')[1] || '').get('partner');
  const result = await get('/v1/admin/deadletters' + (partner ? '?partner=' + seg(partner) : ''));
  if (!result.ok) return show(main, refusalScreen(result, 'The dead letters.'));
  const inspected = h('section', { 'aria-live': 'polite', id: 'dead-letter' });
  const letters = result.body.deadLetters;
  const inspect = letter => () => {
    const outcome = h('div', { 'aria-live': 'polite', id: 'replay-outcome' });
    const replay = h('button', { type: 'button', id: 'replay' }, partner ? 'Deliver again' : 'Replay');
    replay.addEventListener('click', async () => {
      replay.disabled = true;
      const path = '/v1/admin/deadletters/' + letter.offset + '/replay' + (partner ? '?partner=' + seg(partner) : '');
      const r = await post(path, '');
      replay.disabled = false;
      if (!r.ok) return show(outcome, refusalNotice(r));
      show(outcome, partner
        ? notice(r.body.outcome === 'sent' ? 'ok' : 'warn', h('strong', { 'data-outcome': r.body.outcome }, r.body.outcome),
          ': decided again now (decision ', r.body.decisionId, ')', r.body.reasons ? ': ' + r.body.reasons.join(', ') : '')
        : notice('ok', h('strong', { 'data-outcome': 'replayed' }, 'Replayed'),
          ': resubmitted, it is validated and decided again now; its decision is in the family\'s accounting.'));
    });
    show(inspected, h('h2', {}, 'Dead letter ', String(letter.offset)),
      facts([['Reason', letter.reason], ['Detail (ids and violations)', letter.detail], ['Family (record key)', letter.key],
        ['Source', letter.sourceTopic + ' partition ' + letter.sourcePartition + ' offset ' + letter.sourceOffset],
        ['Set aside at', letter.at]]),
      h('p', { class: 'muted' }, 'The message itself is not shown: the console shows ids and violations only.'),
      h('div', { class: 'actions' }, replay), outcome);
    replay.focus();
  };
  const which = h('input', { name: 'partner', value: partner || '' });
  const choose = h('form', { 'aria-labelledby': 'letters-title', class: 'no-print' },
    field('Partner', which, 'empty: the hub\'s own dead letters; a partner id: the copies that partner refused'),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Show')));
  choose.addEventListener('submit', event => {
    event.preventDefault();
    location.hash = '#/dead-letters' + (which.value.trim() ? '?partner=' + seg(which.value.trim()) : '');
  });
  show(main, h('h1', { id: 'letters-title' }, partner ? 'Dead letters of ' + partner : 'Dead letters'), choose,
    table(partner ? 'Copies the partner refused for good' : 'Records the hub set aside', [
      ['Offset', l => String(l.offset)], ['Reason', l => l.reason], ['Detail', l => l.detail], ['Family', l => l.key],
      ['Source', l => l.sourceTopic], ['At', l => l.at],
      ['', l => h('button', { type: 'button', class: 'secondary', 'data-offset': l.offset, onclick: inspect(l) }, 'Inspect')]],
    letters),
    inspected);
}


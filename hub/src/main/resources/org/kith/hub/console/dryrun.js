// "What would happen": the dry-run as a form, answered per recipient with what would be disclosed
// or withheld and why. It sends and records nothing.
import { h, show, field, table, list as joined, notice } from './dom.js';
import { post } from './api.js';
import { refusalNotice } from './problems.js';

const TYPES = ['referral', 'referral-status', 'case-plan', 'court-notice', 'education-record', 'placement-change',
  'progress-report', 'mandated-report'];
const PURPOSES = ['referral', 'case-planning', 'care-coordination', 'court-proceeding', 'education-stability',
  'child-protection', 'evaluation'];

export function form(main) {
  const type = h('select', { name: 'type' }, TYPES.map(t => h('option', { value: t }, t)));
  const purpose = h('select', { name: 'purpose' }, PURPOSES.map(p => h('option', { value: p }, p)));
  const sender = h('input', { name: 'sender', required: true });
  const recipients = h('input', { name: 'recipients', required: true });
  const family = h('input', { name: 'family', required: true });
  const subject = h('input', { name: 'subject', required: true });
  const data = h('textarea', { name: 'data', rows: 10, spellcheck: 'false', required: true });
  const answer = h('section', { 'aria-live': 'polite', id: 'dry-run-answer' });
  const element = h('form', { 'aria-labelledby': 'dry-run-title', id: 'dry-run-form' },
    field('Message type', type), field('Purpose', purpose), field('Sender (partner id)', sender),
    field('Recipients (partner ids, comma-separated)', recipients), field('Family id', family),
    field('Subject (e.g. the referral id)', subject),
    field('Data (JSON)', data, 'the message\'s data as the sender would send it'),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'What would happen?')));
  element.addEventListener('submit', async event => {
    event.preventDefault();
    let parsed;
    try { parsed = JSON.parse(data.value); data.removeAttribute('aria-invalid'); } catch (e) {
      data.setAttribute('aria-invalid', 'true');
      return show(answer, notice('bad', 'The data is not JSON: ', e.message));
    }
    const event_ = {
      specversion: '1.0', id: 'console-dry-run-' + Date.now(), source: sender.value.trim(),
      type: 'org.kith.' + type.value + '.v1', subject: subject.value.trim(), time: new Date().toISOString(),
      familyid: family.value.trim(), purpose: purpose.value,
      recipients: recipients.value.split(',').map(r => r.trim()).filter(r => r).join(','),
      datacontenttype: 'application/json', data: parsed,
    };
    const result = await post('/v1/admin/dry-run', JSON.stringify(event_), 'application/cloudevents+json');
    if (!result.ok) return show(answer, refusalNotice(result));
    show(answer, h('h2', {}, 'The answer (nothing was sent)'),
      result.body.recipients.map(r => h('article', { class: 'recipient', 'data-recipient': r.recipient },
        h('h3', {}, r.recipient, ': ', h('span', { class: 'outcome outcome-' + r.outcome, 'data-outcome': r.outcome }, r.outcome)),
        h('p', { class: 'explanation' }, r.explanation),
        table('Each category', [['Category', c => c.category], ['', c => h('span', { class: c.sent ? 'outcome-permit' : 'outcome-deny' },
          c.sent ? 'disclosed' : 'withheld')], ['Why', c => c.reason]],
        [...(r.disclosed || []).map(c => ({ category: c, sent: true, reason: 'allowed' })),
          ...(r.withheld || []).map(w => ({ category: w.split(':')[0], sent: false, reason: w.split(':').slice(1).join(':') }))]),
        h('p', {}, 'On the basis of: ', joined(r.basis) || '—'))));
  });
  show(main, h('h1', { id: 'dry-run-title' }, 'What would happen'),
    h('p', {}, 'Try a message as a partner would send it: the hub answers what each recipient would receive and why, '
      + 'sending and recording nothing.'), element, answer);
}

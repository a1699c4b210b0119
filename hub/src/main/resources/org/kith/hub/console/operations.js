// Operations: instance health, consumer lag, webhook breakers, recent refusals by reason, polled
// from the API every few seconds while the screen is open (no reload).
import { h, show, table, notice } from './dom.js';
import { get } from './api.js';
import { refusalScreen, refusalNotice } from './problems.js';

const EVERY_MS = 3000;
/** How far back "recent" looks: the counts of the oldest poll within it are subtracted. */
const RECENT_MS = 5 * 60 * 1000;
const BREAKER = ['closed', 'open', 'half-open'];

/** Samples of the Prometheus text format: { name, labels, value }. */
export function parseMetrics(text) {
  const samples = [];
  for (const line of String(text).split('\n')) {
    if (line.length === 0 || line.startsWith('#')) continue;
    const match = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/);
    if (!match) continue;
    const labels = {};
    for (const pair of (match[2] || '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]] = pair[2];
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

export async function watch(main) {
  const health = h('section', { 'aria-labelledby': 'health-title', id: 'health' });
  const lag = h('section', { id: 'lag' });
  const breakers = h('section', { id: 'breakers' });
  const refusals = h('section', { id: 'refusals' });
  const updated = h('p', { class: 'muted', id: 'updated', 'aria-live': 'off' });
  let stopped = false;
  let timer = null;
  let refused = false;
  const polls = []; // { at, totals }: each poll's counters while the screen is open, the last RECENT_MS of them
  const key = s => s.name + '|' + JSON.stringify(s.labels);

  const refresh = async () => {
    const [healthResult, metricsResult] = await Promise.all([get('/v1/admin/health'), get('/v1/admin/metrics')]);
    if (stopped) return;
    if (healthResult.status === 403 || healthResult.status === 401) {
      refused = true;
      show(main, refusalScreen(healthResult, 'The hub\'s operations.'));
      return;
    }
    const hb = healthResult.body;
    show(health, h('h2', { id: 'health-title' }, 'This instance'),
      typeof hb === 'object'
        ? notice(hb.healthy ? 'ok' : 'bad', h('strong', { id: 'healthy', 'data-healthy': String(hb.healthy) }, hb.healthy ? 'Healthy' : 'Not healthy'),
          ': core ', hb.core, ', broker ', hb.broker, hb.undecided && hb.undecided.reason ? ', ' + hb.undecided.reason : '')
        : refusalNotice(healthResult));
    if (!metricsResult.ok) {
      show(lag, refusalNotice(metricsResult));
    } else {
      const samples = parseMetrics(metricsResult.body);
      const lags = samples.filter(s => /records_lag(_max)?$/.test(s.name) && !Number.isNaN(s.value));
      show(lag, h('h2', {}, 'Consumer lag'), table('Records behind, per consumer and partition', [
        ['Metric', s => s.name], ['Client', s => s.labels.client_id || ''], ['Topic', s => s.labels.topic || ''],
        ['Partition', s => s.labels.partition || ''], ['Records behind', s => String(s.value)]], lags));
      show(breakers, h('h2', {}, 'Webhook breakers'), table('Each partner\'s webhook', [
        ['Partner', s => s.labels.partner], ['Breaker', s => h('span', { 'data-partner': s.labels.partner }, BREAKER[s.value] || String(s.value))]],
      samples.filter(s => s.name === 'kith_webhook_breaker_state')));
      const now = Date.now();
      polls.push({ at: now, totals: new Map(samples.map(s => [key(s), s.value])) });
      while (polls.length > 1 && polls[1].at <= now - RECENT_MS) polls.shift();
      const recent = s => s.value - (polls[0].totals.get(key(s)) ?? 0);
      const since = Math.round((now - polls[0].at) / 1000);
      const recentHeading = polls.length === 1 ? 'Recent (from the next update)' : 'In the last ' + since + ' s';
      const count = name => samples.filter(s => s.name === name && s.value > 0);
      const byReason = (caption, label, name, dimension) => table(caption, [[label, s => s.labels[dimension]],
        ['Since start', s => String(s.value)], [recentHeading, s => String(recent(s))]], count(name));
      show(refusals, h('h2', {}, 'Refusals by reason'),
        h('p', { class: 'muted' }, 'Recent: since this screen opened, at most the last ' + RECENT_MS / 60000 + ' minutes.'),
        byReason('Requests for a family\'s data the API refused', 'Reason', 'kith_access_refused_total', 'reason'),
        byReason('Records set aside as dead letters', 'Reason', 'kith_deadletters_total', 'reason'),
        byReason('Copies partners refused for good', 'Partner', 'kith_webhook_deadletters_total', 'partner'),
        byReason('Consent decisions', 'Outcome', 'kith_decisions_total', 'outcome'));
    }
    updated.textContent = 'Updated ' + new Date().toLocaleTimeString() + '; refreshed every ' + EVERY_MS / 1000 + ' s.';
    if (!stopped && !refused) timer = setTimeout(refresh, EVERY_MS);
  };
  show(main, h('h1', {}, 'Operations'), updated, health, lag, breakers, refusals);
  await refresh();
  return () => { stopped = true; clearTimeout(timer); };
}

// The partnership's measures, the same numbers as GET /v1/admin/measures (the report GET /v1/measures
// gives a partner), with a chart per table; a suppressed count is shown as *, never its value.
import { h, show, table, notice } from './dom.js';
import { get } from './api.js';
import { refusalScreen } from './problems.js';

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attributes, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** A horizontal bar per row, its length the row's total; a suppressed count (null) is drawn as none, marked *. */
function chart(t) {
  const totals = t.rowTotals || [];
  const max = Math.max(1, ...totals.filter(v => typeof v === 'number'));
  const rowHeight = 22;
  const chartElement = svg('svg', { class: 'chart', viewBox: '0 0 600 ' + (rowHeight * t.rows.length + 4), role: 'img',
    'aria-label': t.title + ': ' + t.rows.map((r, i) => r + ' ' + (totals[i] ?? '*')).join(', ') });
  t.rows.forEach((row, i) => {
    const y = i * rowHeight + 2;
    const value = totals[i];
    chartElement.append(svg('text', { x: 0, y: y + 15 }, row));
    chartElement.append(svg('rect', { x: 200, y, height: rowHeight - 6, width: typeof value === 'number' ? 340 * value / max : 0 }));
    chartElement.append(svg('text', { x: 205 + (typeof value === 'number' ? 340 * value / max : 0), y: y + 15 },
      value === null || value === undefined ? '*' : String(value)));
  });
  return chartElement;
}

const cell = value => value === null || value === undefined ? '*' : String(value);

export async function report(main) {
  const result = await get('/v1/admin/measures');
  if (!result.ok) return show(main, refusalScreen(result, 'The partnership\'s measures.'));
  const r = result.body;
  show(main, h('h1', {}, r.title || 'Partnership measures'),
    h('p', {}, 'Scope: ', r.scope, '. Generated ', r.generatedAt, '. ', r.suppression || ''),
    r.noise ? notice('warn', 'Noise: ', typeof r.noise === 'string' ? r.noise : JSON.stringify(r.noise)) : null,
    (r.tables || []).map(t => h('section', { class: 'measure', 'data-measure': t.id },
      h('h2', {}, t.title), h('p', { class: 'muted' }, t.meaning || ''),
      t.rows.length ? chart(t) : null,
      table(t.title + ' by ' + t.rowDimension + ' and ' + t.columnDimension,
        [[t.rowDimension, row => row.label], ...t.columns.map((c, j) => [c, row => cell(row.cells[j])]),
          ['Total', row => cell(row.total)]],
        [...t.rows.map((label, i) => ({ label, cells: (t.cells || [])[i] || [], total: (t.rowTotals || [])[i] })),
          { label: 'Total', cells: t.columnTotals || [], total: t.grandTotal }]))),
    (r.timings || []).map(t => h('section', { class: 'measure', 'data-measure': t.id },
      h('h2', {}, t.title), h('p', { class: 'muted' }, t.meaning || ''),
      table(t.title, [[t.rowDimension, row => row.group], ['Count', row => cell(row.count)],
        ['Median (minutes)', row => cell(row.medianMinutes)], ['90th percentile (minutes)', row => cell(row.p90Minutes)]],
      t.rows || []))));
}

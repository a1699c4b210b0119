// Building the page from data: every text goes in as a text node (textContent), never as markup.

/** An element with attributes (never "style", never an event attribute) and children (text or elements). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'onclick' || name === 'onsubmit' || name === 'onchange') {
      element.addEventListener(name.slice(2), value);
    } else if (name.startsWith('on') || name === 'style') {
      throw new Error('not an attribute the console sets: ' + name);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces what an element holds. */
export function show(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

let fields = 0;

/** A labelled form control: label, control, optional hint, tied together for screen readers. */
export function field(label, control, hint) {
  const id = control.id || 'f' + (++fields);
  control.id = id;
  const parts = [h('label', { for: id }, label), control];
  if (hint) {
    const hintId = id + '-hint';
    control.setAttribute('aria-describedby', hintId);
    parts.push(h('span', { class: 'hint', id: hintId }, hint));
  }
  return h('div', { class: 'field' }, parts);
}

/** A table of rows; each column is [heading, row => cell (text or element)]. */
export function table(caption, columns, rows) {
  return h('table', {},
    h('caption', { class: 'muted' }, caption),
    h('thead', {}, h('tr', {}, columns.map(([heading]) => h('th', { scope: 'col' }, heading)))),
    h('tbody', {}, rows.length === 0
      ? h('tr', {}, h('td', { colspan: columns.length }, 'None.'))
      : rows.map(row => h('tr', {}, columns.map(([, cell]) => h('td', {}, cell(row) ?? ''))))));
}

/** A list of the values, joined for a cell. */
export function list(values) {
  return Array.isArray(values) ? values.join(', ') : (values ?? '');
}

/** Definition list of [term, value] pairs. */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value ?? '')]));
}

/** A notice; kind is '', 'ok', 'bad' or 'warn'. Announced to screen readers. */
export function notice(kind, ...children) {
  return h('div', { class: 'notice ' + kind, role: kind === 'bad' ? 'alert' : 'status' }, children);
}

/** Pretty JSON text of a value. */
export function pretty(value) {
  return JSON.stringify(value, null, 2);
}

// Audit log (#/audit?dag=&actor=&action=&since=): operator actions, newest first: when, who (token or
// anonymous, with the user a client claimed), from where, what, on which target, the state before and
// after. The filters are kept in the link; "Older" pages back by id.

import {api} from '../api.js';
import {h, replace} from '../components.js';
import {link} from '../router.js';

const PAGE = 50;
const ACTIONS = ['', 'run.trigger', 'run.restart', 'task.clear', 'task.mark', 'dag.pause', 'dag.unpause',
  'backfill.create', 'backfill.pause', 'backfill.resume', 'backfill.cancel', 'pool.set', 'pool.delete',
  'token.create', 'token.revoke', 'db.clean'];
const SINCE = [['', 'any time'], ['PT1H', 'last hour'], ['P1D', 'last day'], ['P7D', 'last 7 days'], ['P30D', 'last 30 days']];

/** @return the filters in the location hash's query */
function filters() {
  const q = new URLSearchParams((location.hash.split('?')[1]) || '');
  return {dag: q.get('dag') || '', actor: q.get('actor') || '', action: q.get('action') || '', since: q.get('since') || ''};
}

function target(e) {
  const parts = [];
  if (e.dagId) {
    parts.push(h('a', {href: link.dag(e.dagId)}, e.dagId));
  }
  if (e.runId != null) {
    parts.push(' ', h('a', {href: link.run(e.runId)}, `run #${e.runId}`));
  }
  if (e.taskId) {
    parts.push(` task ${e.taskId}`);
  }
  if (e.backfillId != null) {
    parts.push(` backfill #${e.backfillId}`);
  }
  if (e.pool) {
    parts.push(` pool ${e.pool}`);
  }
  return parts.length ? parts : '–';
}

export async function mount(main) {
  const f = filters();
  const body = h('div');
  const pages = []; // the `before` of each page shown after the first
  let lastJson = '';
  const input = (name, label, value) => h('label', {}, `${label} `, h('input', {type: 'search', name, value,
    id: `audit-${name}`, autocomplete: 'off', size: 14}));
  const select = (name, label, options, value) => h('label', {}, `${label} `, h('select', {name, id: `audit-${name}`},
    options.map(([v, text]) => h('option', {value: v, selected: v === value}, text))));
  const form = h('form', {class: 'toolbar filter', id: 'audit-filters', role: 'search',
    onsubmit: (ev) => {
      ev.preventDefault();
      const q = new URLSearchParams();
      for (const [k, v] of new FormData(form).entries()) {
        if (String(v).trim() !== '') {
          q.set(k, String(v).trim());
        }
      }
      location.hash = `#/audit${q.toString() ? `?${q}` : ''}`;
    }},
  input('dag', 'DAG', f.dag), input('actor', 'Actor', f.actor),
  select('action', 'Action', ACTIONS.map((a) => [a, a || 'any']), f.action),
  select('since', 'Since', SINCE, f.since),
  h('button', {type: 'submit', class: 'primary'}, 'Filter'));

  const refresh = async (force) => {
    const q = new URLSearchParams({limit: String(PAGE)});
    for (const [k, v] of Object.entries(f)) {
      if (v) {
        q.set(k, v);
      }
    }
    if (pages.length) {
      q.set('before', String(pages[pages.length - 1]));
    }
    const page = await api.audit(q.toString());
    const json = JSON.stringify(page);
    if (json === lastJson && !force) {
      return;
    }
    lastJson = json;
    replace(body, page.entries.length === 0 ? h('p', {class: 'muted', id: 'audit-empty'}, 'No operator action matches.')
      : h('table', {class: 'grid-table', id: 'audit'},
        h('thead', {}, h('tr', {}, ['When', 'Actor', 'Address', 'Action', 'Target', 'Before', 'After']
          .map((c) => h('th', {scope: 'col'}, c)))),
        h('tbody', {}, page.entries.map((e) => h('tr', {dataset: {id: String(e.id), action: e.action}},
          h('td', {}, e.at), h('td', {}, e.actor), h('td', {}, e.address || '–'), h('td', {}, h('code', {}, e.action)),
          h('td', {}, target(e)), h('td', {}, e.before || '–'), h('td', {}, e.after || '–'))))),
    h('div', {class: 'toolbar'},
      pages.length ? h('button', {type: 'button', id: 'audit-newer', onclick: () => {
        pages.pop();
        refresh(true);
      }}, '← Newer') : '',
      page.next != null ? h('button', {type: 'button', id: 'audit-older', onclick: () => {
        pages.push(page.next);
        refresh(true);
      }}, 'Older →') : ''));
  };
  main.replaceChildren(h('h1', {}, 'Audit log'), form, h('section', {class: 'card'}, body));
  return {refresh};
}

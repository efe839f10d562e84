// DAGs (#/dags): id, description, tags, schedule in words and as cron, next run, latest runs as
// status marks, pause toggle and trigger; a filter box narrows the list by id, description or tag as
// you type (kept across the 2 s refreshes).

import {api} from '../api.js';
import {h, mark, replace, time} from '../components.js';
import {link} from '../router.js';
import * as actions from '../actions.js';

function schedule(d) {
  return h('div', {}, h('span', {}, d.scheduleInWords),
    d.schedule && d.schedule !== d.scheduleInWords ? h('div', {}, h('code', {class: 'cron'}, d.schedule),
      d.timezone ? h('span', {class: 'muted'}, ` ${d.timezone}`) : '') : '');
}

export function pauseButton(d, after) {
  return h('button', {type: 'button', class: d.paused ? 'toggle off' : 'toggle on', 'aria-pressed': String(!d.paused),
    dataset: {key: `pause-${d.dagId}`, action: 'pause'}, title: d.paused ? 'Paused: click to unpause' : 'Active: click to pause',
    onclick: async () => {
      if (await actions.setPaused(d.dagId, !d.paused)) {
        await after();
      }
    }}, d.paused ? '⏸ Paused' : '▶ Active');
}

export function triggerButton(dagId) {
  return h('button', {type: 'button', class: 'primary', dataset: {key: `trigger-${dagId}`, action: 'trigger'},
    onclick: () => actions.trigger(dagId)}, 'Trigger…');
}

/** @return whether the DAG matches every word of the filter (in its id, description or tags), case-insensitive */
export function matches(d, filter) {
  const text = [d.dagId, d.description, ...(d.tags || [])].join(' ').toLowerCase();
  return filter.trim().toLowerCase().split(/\s+/).filter((w) => w).every((w) => text.includes(w));
}

export async function mount(main) {
  const body = h('div');
  let lastJson = '';
  let filter = '';
  const count = h('span', {class: 'muted small', id: 'dag-filter-count', role: 'status'});
  const applyFilter = () => {
    const rows = [...body.querySelectorAll('#dags tbody tr')];
    let shown = 0;
    for (const row of rows) {
      const ok = matches(JSON.parse(row.dataset.dag), filter);
      row.hidden = !ok;
      shown += ok ? 1 : 0;
    }
    count.textContent = filter.trim() === '' ? `${rows.length} DAGs`
      : shown === 0 ? `No DAG matches “${filter.trim()}”` : `${shown} of ${rows.length} DAGs`;
  };
  const box = h('input', {type: 'search', id: 'dag-filter', placeholder: 'Filter by id, description or tag',
    'aria-label': 'Filter DAGs by id, description or tag', autocomplete: 'off',
    oninput: (e) => {
      filter = e.target.value;
      applyFilter();
    }});
  const refresh = async (force) => {
    const list = await api.dags();
    const json = JSON.stringify(list);
    if (json === lastJson && !force) {
      return;
    }
    lastJson = json;
    replace(body, h('table', {class: 'grid-table', id: 'dags'},
      h('thead', {}, h('tr', {}, ['DAG', 'Schedule', 'Next run', 'Latest runs', 'State', 'Actions']
        .map((c) => h('th', {scope: 'col'}, c)))),
      h('tbody', {}, list.map((d) => h('tr', {dataset: {dagId: d.dagId,
        dag: JSON.stringify({dagId: d.dagId, description: d.description, tags: d.tags})}},
        h('td', {}, h('a', {href: link.dag(d.dagId), class: 'dag-link'}, h('strong', {}, d.dagId)),
          h('div', {class: 'muted small'}, d.description),
          h('div', {}, d.tags.map((t) => h('span', {class: 'tag'}, t)))),
        h('td', {}, schedule(d)),
        h('td', {}, d.paused ? h('span', {class: 'muted'}, 'paused') : time(d.nextRun)),
        h('td', {class: 'marks'}, d.recentRuns.length === 0 ? h('span', {class: 'muted'}, 'none')
          : d.recentRuns.slice().reverse().map((r) => mark(r.status, link.run(r.runId), `Run #${r.runId}`))),
        h('td', {}, pauseButton(d, () => refresh(true))),
        h('td', {}, triggerButton(d.dagId)))))));
    applyFilter();
  };
  main.replaceChildren(h('h1', {}, 'DAGs'),
    h('div', {class: 'toolbar filter'}, box, count),
    h('section', {class: 'card'}, body));
  return {refresh};
}

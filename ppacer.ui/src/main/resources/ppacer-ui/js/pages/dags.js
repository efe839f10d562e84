// DAGs (#/dags): id, description, tags, schedule in words and as cron, next run, latest runs as
// status marks, pause toggle and trigger.

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

export async function mount(main) {
  const body = h('div');
  let lastJson = '';
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
      h('tbody', {}, list.map((d) => h('tr', {dataset: {dagId: d.dagId}},
        h('td', {}, h('a', {href: link.dag(d.dagId), class: 'dag-link'}, h('strong', {}, d.dagId)),
          h('div', {class: 'muted small'}, d.description),
          h('div', {}, d.tags.map((t) => h('span', {class: 'tag'}, t)))),
        h('td', {}, schedule(d)),
        h('td', {}, d.paused ? h('span', {class: 'muted'}, 'paused') : time(d.nextRun)),
        h('td', {class: 'marks'}, d.recentRuns.length === 0 ? h('span', {class: 'muted'}, 'none')
          : d.recentRuns.slice().reverse().map((r) => mark(r.status, link.run(r.runId), `Run #${r.runId}`))),
        h('td', {}, pauseButton(d, () => refresh(true))),
        h('td', {}, triggerButton(d.dagId)))))));
  };
  main.replaceChildren(h('h1', {}, 'DAGs'), h('section', {class: 'card'}, body));
  return {refresh};
}

// Overview (#/): runs and attempts by status, queues, running attempts, the executors in touch, the
// pools, recent failures and the latest runs.

import {api} from '../api.js';
import {badge, h, mark, replace, section, statusText, time} from '../components.js';
import {link} from '../router.js';

const SIZES = [5, 10, 25, 50];
const SIZE_KEY = 'ppacer.latest';

function counts(title, byStatus, id) {
  const items = Object.entries(byStatus).filter(([, n]) => n > 0);
  return h('div', {class: 'stat', id},
    h('h3', {}, title),
    items.length === 0 ? h('p', {class: 'muted'}, 'none yet')
      : h('ul', {class: 'counts'}, items.map(([s, n]) =>
        h('li', {}, badge(s.toUpperCase()), h('strong', {class: 'num'}, n)))));
}

function number(title, n, id) {
  return h('div', {class: 'stat', id}, h('h3', {}, title), h('p', {class: 'big'}, n));
}

function runsTable(runs) {
  if (runs.length === 0) {
    return h('p', {class: 'muted'}, 'No runs yet.');
  }
  return h('table', {class: 'grid-table', id: 'latest-runs'},
    h('thead', {}, h('tr', {}, ['Run', 'DAG', 'Logical time', 'Status', 'Tasks done', 'Duration', 'Trigger']
      .map((c) => h('th', {scope: 'col'}, c)))),
    h('tbody', {}, runs.map((r) => h('tr', {dataset: {runId: r.runId}},
      h('td', {}, h('a', {href: link.run(r.runId)}, `#${r.runId}`)),
      h('td', {}, h('a', {href: link.dag(r.dagId)}, r.dagId)),
      h('td', {}, time(r.execTs)),
      h('td', {}, badge(r.status)),
      h('td', {}, h('progress', {max: r.taskNum, value: r.taskCompletedNum,
        'aria-label': `${r.taskCompletedNum} of ${r.taskNum} tasks done`}),
      ` ${r.taskCompletedNum}/${r.taskNum}`, r.taskFailedNum ? ` (${r.taskFailedNum} failed)` : ''),
      h('td', {}, r.duration),
      h('td', {}, r.trigger.toLowerCase(), r.restarts ? ` · restarted ${r.restarts}×` : '')))));
}

function poolsTable(p) {
  if (p.pools.length === 0) {
    return h('p', {class: 'muted'}, 'No pool is defined or used by a task.');
  }
  return h('table', {class: 'grid-table', id: 'pools'},
    h('thead', {}, h('tr', {}, ['Pool', 'Slots', 'Used', 'Free', 'Waiting'].map((c) => h('th', {scope: 'col'}, c)))),
    h('tbody', {}, p.pools.map((x) => h('tr', {dataset: {pool: x.name, used: x.used, slots: x.slots}},
      h('td', {title: x.holders.map((k) => `run ${k.runId} ${k.taskId}#${k.attempt}`).join(', ')}, h('code', {}, x.name)),
      h('td', {}, x.defined ? x.slots : h('span', {title: 'declared by tasks, not defined: they wait'}, 'undefined')),
      h('td', {}, h('progress', {max: Math.max(x.slots, x.used, 1), value: x.used,
        'aria-label': `${x.used} of ${x.slots} slots used`}), ` ${x.used}`),
      h('td', {}, x.free),
      h('td', {}, x.waiting)))));
}

export async function mount(main) {
  let size = Number(sessionStorage.getItem(SIZE_KEY)) || 10;
  const stats = h('div', {class: 'stats'});
  const executors = h('div');
  const pools = h('div');
  const failures = h('div');
  const latest = h('div');
  const sizeButtons = h('div', {class: 'segmented', role: 'group', 'aria-label': 'Runs shown'});
  let lastJson = '';

  const refresh = async () => {
    const [s, runs, ex, p] = await Promise.all([api.stats(), api.latestRuns(Math.max(size, 50)), api.executors(),
      api.pools()]);
    const json = JSON.stringify([s, runs, size, ex, p]);
    if (json === lastJson) {
      return;
    }
    lastJson = json;
    replace(stats,
      counts('Runs by status', s.dagruns, 'stat-runs'),
      counts('Attempts by status', s.dagrunTasks, 'stat-attempts'),
      number('Active runs', s.activeRuns, 'stat-active'),
      number('Runs queued', s.dagrunQueueLen, 'stat-run-queue'),
      number('Tasks queued', s.taskSchedulerQueueLen, 'stat-task-queue'),
      number('Attempts running', s.runningTasks, 'stat-running'),
      h('div', {class: 'stat'}, h('h3', {}, 'Scheduler'), h('p', {class: 'big'}, statusText(s.state))));
    replace(executors, ex.executors.length === 0 ? h('p', {class: 'muted'}, ex.leader
      ? 'No executor has been in touch with this scheduler yet.' : 'This scheduler stands by: executors talk to the leader.')
      : h('table', {class: 'grid-table', id: 'executors'},
        h('thead', {}, h('tr', {}, ['Executor', 'State', 'Attempts running', 'Last contact', 'Address', 'Version'].map((c) => h('th', {scope: 'col'}, c)))),
        h('tbody', {}, ex.executors.map((e) => h('tr', {dataset: {executor: e.executorId, state: e.state}},
          h('td', {}, h('code', {}, e.executorId)),
          h('td', {title: e.state === 'gone' ? `no contact for ${ex.goneAfterSeconds} s or more` : ''}, e.state),
          h('td', {}, e.running),
          h('td', {}, h('time', {datetime: e.lastContact}, e.lastContact.replace('T', ' ').slice(0, 19))),
          h('td', {dataset: {field: 'address'}}, e.address ?? 'in-process'),
          h('td', {dataset: {field: 'version'}}, e.version ?? '—'))))));
    replace(pools, poolsTable(p));
    const failed = runs.filter((r) => r.status === 'FAILED').slice(0, 10);
    replace(failures, failed.length === 0 ? h('p', {class: 'muted'}, 'No failed run among the latest 50.')
      : h('ul', {class: 'failures', id: 'recent-failures'}, failed.map((r) => h('li', {},
        mark('FAILED'), ' ', h('a', {href: link.run(r.runId)}, `Run #${r.runId}`), ` of `,
        h('a', {href: link.dag(r.dagId)}, r.dagId), ' at ', time(r.execTs),
        ` — ${r.taskFailedNum} task(s) failed`))));
    replace(latest, runsTable(runs.slice(0, size)));
    replace(sizeButtons, SIZES.map((n) => h('button', {type: 'button', 'aria-pressed': String(n === size),
      dataset: {key: `size-${n}`}, onclick: () => {
        size = n;
        sessionStorage.setItem(SIZE_KEY, String(n));
        lastJson = '';
        refresh();
      }}, n)));
  };

  main.replaceChildren(
    h('h1', {}, 'Overview'),
    stats,
    h('div', {class: 'two'},
      section('Recent failures', failures),
      section('Executors', executors)),
    section('Pools', pools),
    section('Latest runs', h('div', {class: 'toolbar'}, h('span', {}, 'Show '), sizeButtons), latest));
  return {refresh};
}

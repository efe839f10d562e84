// One DAG (#/dags/{dagId}): its details and where its code comes from, its graph coloured by the
// latest run, the run-duration history, the runs grid (runs as columns, tasks as rows, each cell links
// to the task's latest attempt in that run), its backfills (a form with a preview, progress, pause,
// resume, cancel) and each task's settings. A mapped task is one node ("mapped over X") and one row
// of the grid, whose cell folds its instances into one status with their summary as the tooltip.

import {api} from '../api.js';
import {h, mark, replace, section, time} from '../components.js';
import {link} from '../router.js';
import {dagGraph} from '../graph.js';
import {durationChart, seconds} from '../durations.js';
import {pauseButton, triggerButton} from './dags.js';
import {backfillForm, backfillList} from './backfills.js';
import {mappedSummaries, mappingText} from '../mapped.js';

const LIMITS = [10, 20, 50];

/** @return mapped task id → its instances' summary (mapped.js) in a run of the grid (its `tasks`: taskId → latest cell) */
function runSummaries(dag, run) {
  const mapped = dag.taskList.filter((t) => t.mapping).map((t) => t.taskId);
  if (mapped.length === 0) {
    return new Map();
  }
  return mappedSummaries(Object.entries(run.tasks).map(([taskId, c]) => ({taskId, status: c.status, retry: c.retry})),
    mapped);
}

function byPosition(a, b) {
  return a.taskPosition.depth - b.taskPosition.depth || a.taskPosition.width - b.taskPosition.width;
}

/** @return runId → (taskId → the explainer's reason) for the unfinished runs shown */
async function whyOfUnfinished(runs, taskCount) {
  const out = new Map();
  await Promise.all(runs.filter((r) => r.status === 'QUEUED' || r.status === 'RUNNING').map(async (r) => {
    try {
      const why = await api.why(r.runId, Math.max(100, taskCount)); // every task's cell has its tooltip
      out.set(r.runId, new Map(why.tasks.map((t) => [t.taskId, t])));
    } catch {
      // the run finished or went away between the two reads: its cells keep their plain titles
    }
  }));
  return out;
}

function grid(dag, runs, whys) {
  if (runs.length === 0) {
    return h('p', {class: 'muted'}, 'No runs yet.');
  }
  const cols = runs.slice().reverse(); // oldest left, newest right
  const tasks = dag.taskList.slice().sort(byPosition);
  const summaries = new Map(cols.map((r) => [r.runId, runSummaries(dag, r)]));
  return h('div', {class: 'scroll'}, h('table', {class: 'runs-grid', id: 'runs-grid'},
    h('caption', {class: 'sr-only'}, `Runs of ${dag.dagId}: tasks as rows, runs as columns`),
    h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Task \\ Run'),
      cols.map((r) => h('th', {scope: 'col', dataset: {runId: r.runId, status: r.status}, class: 'run-col'},
        h('a', {href: link.run(r.runId), title: `${r.execTs.toDisplay} ${r.execTs.timezone}`},
          mark(r.status, null, `Run #${r.runId}`), h('span', {class: 'run-id'}, `#${r.runId}`)),
        h('div', {class: 'small muted'}, r.execTs.time.slice(0, 8)))))),
    h('tbody', {}, tasks.map((t) => h('tr', {dataset: {task: t.taskId, mapped: t.mapping ? '' : undefined}},
      h('th', {scope: 'row', style: `padding-left:${0.5 + t.taskPosition.depth * 0.8}em`,
        title: mappingText(t.mapping) || undefined}, t.taskId, t.mapping ? h('span', {class: 'muted'}, ' ⇶') : ''),
      cols.map((r) => {
        const a = r.tasks[t.taskId];
        const why = whys.get(r.runId) ? whys.get(r.runId).get(t.taskId) : undefined;
        const summary = t.mapping ? summaries.get(r.runId).get(t.taskId) : undefined;
        if (summary && summary.count > 0) { // the instances, folded into the mapped task's cell
          return h('td', {class: 'cell', dataset: {runId: r.runId, status: summary.status, count: summary.count,
            summary: summary.text, why: why ? why.reason : undefined},
          title: `${summary.text}${why ? `; why? ${why.message}` : ''}`},
          mark(summary.status, link.run(r.runId), `${summary.text} in run #${r.runId}`),
          h('sup', {title: `${summary.count} instances`}, `×${summary.count}`));
        }
        return h('td', {class: 'cell', dataset: {runId: r.runId, status: a ? a.status : 'NO_STATUS', why: why ? why.reason : undefined},
          title: why ? `why? ${why.message}` : undefined},
          a ? [mark(a.status, link.attempt(r.runId, t.taskId, a.retry), `${t.taskId} in run #${r.runId}`),
            a.retry > 0 ? h('sup', {title: `attempt ${a.retry}`}, a.retry) : '']
            : mark('NO_STATUS', null, `${t.taskId} in run #${r.runId}`));
      }))))));
}

/** Where the DAG's code comes from: its DagSource class, module and jar. */
function codeLocation(source) {
  if (!source) {
    return h('span', {class: 'muted'}, 'registered directly (DagRegistry.of), no DagSource');
  }
  return h('span', {id: 'dag-source'}, h('code', {}, source.sourceClass),
    source.module ? [' in module ', h('code', {}, source.module)] : ' on the class path',
    source.location ? [' from ', h('code', {class: 'location'}, source.location)] : '');
}

/** Each task's settings (TaskConfig), in the DAG's order. */
function settings(dag) {
  const alerts = (t) => [t.alertOnFailure ? 'on failure' : '', t.alertOnRetry ? 'on retry' : ''].filter((a) => a)
    .join(', ') || 'none';
  return h('div', {class: 'scroll'}, h('table', {class: 'grid-table', id: 'task-settings'},
    h('thead', {}, h('tr', {}, ['Task', 'Trigger rule', 'Retries', 'Retry delay', 'Timeout', 'Priority', 'Pool', 'Mapped',
      'Alerts', 'Class / definition'].map((c) => h('th', {scope: 'col'}, c)))),
    h('tbody', {}, dag.taskList.map((t) => h('tr', {dataset: {task: t.taskId}},
      h('th', {scope: 'row'}, t.taskId, t.teardownOf ? h('div', {class: 'muted small'}, `teardown of ${t.teardownOf}`) : ''),
      h('td', {}, h('code', {}, t.triggerRule)),
      h('td', {dataset: {field: 'retries'}}, t.retries),
      h('td', {}, t.retries > 0 ? t.retryDelay : h('span', {class: 'muted'}, '—')),
      h('td', {dataset: {field: 'timeout'}}, seconds(t.timeoutSeconds)),
      h('td', {dataset: {field: 'priority'}}, t.priorityWeight),
      h('td', {dataset: {field: 'pool'}}, t.pool ? `${t.pool}${t.poolSlots > 1 ? ` ×${t.poolSlots}` : ''}`
        : h('span', {class: 'muted'}, '—')),
      h('td', {dataset: {field: 'mapping'}}, mappingText(t.mapping) || h('span', {class: 'muted'}, '—')),
      h('td', {}, alerts(t)),
      h('td', {}, h('code', {class: 'small'}, t.taskClass),
        t.definition && t.definition !== t.taskClass ? h('div', {class: 'muted small'}, t.definition) : ''))))));
}

// A DAG scheduled on assets: its condition, the assets it still waits for, its events not yet taken.
function assetsFact(a) {
  const pending = a.pendingEvents.length;
  return [h('code', {}, a.condition), ' · ',
    a.missing.length
      ? ['waiting for ', a.missing.map((n, i) => [i ? ', ' : '', h('span', {class: 'tag', dataset: {missing: n}}, n)])]
      : 'condition met',
    ' · ', `${pending} pending event${pending === 1 ? '' : 's'}`, ' · ', h('a', {href: link.assets()}, 'assets')];
}

export async function mount(main, {dagId}) {
  main.dataset.dagId = dagId; // its actions are this DAG's (permissions.js)
  let limit = 20;
  const head = h('div');
  const graph = h('div', {class: 'scroll', id: 'dag-graph'});
  const runsBox = h('div');
  const chart = h('div', {class: 'scroll'});
  const settingsBox = h('div');
  const backfillFormBox = h('div');
  const backfillsBox = h('div', {id: 'backfill-list'});
  const limitButtons = h('div', {class: 'segmented', role: 'group', 'aria-label': 'Runs shown'});
  let lastJson = '';
  const refresh = async (force) => {
    const [dag, runs, backfills] = await Promise.all([api.dag(dagId), api.dagRuns(dagId, limit), api.dagBackfills(dagId)]);
    const whys = await whyOfUnfinished(runs, dag.taskList.length);
    const json = JSON.stringify([dag, runs, backfills, limit, [...whys].map(([id, m]) => [id, [...m.values()]])]);
    if (json === lastJson && !force) {
      return;
    }
    lastJson = json;
    replace(head,
      h('h1', {}, h('span', {class: 'muted'}, 'DAG '), dag.dagId),
      h('p', {}, dag.description),
      h('dl', {class: 'facts'},
        h('dt', {}, 'Schedule'), h('dd', {}, dag.scheduleInWords, dag.schedule && dag.schedule !== dag.scheduleInWords
          ? [' · ', h('code', {}, dag.schedule)] : ''),
        dag.assets && [h('dt', {}, 'Assets'), h('dd', {dataset: {fact: 'assets'}}, assetsFact(dag.assets))],
        h('dt', {}, 'Next run'), h('dd', {}, dag.paused ? 'paused' : time(dag.nextRun)),
        h('dt', {}, 'Tags'), h('dd', {}, dag.tags.length ? dag.tags.map((t) => h('span', {class: 'tag'}, t)) : '—'),
        h('dt', {}, 'Tasks'), h('dd', {}, dag.tasks),
        h('dt', {}, 'Max active runs'), h('dd', {}, dag.maxActiveRuns),
        h('dt', {}, 'Catch-up'), h('dd', {dataset: {fact: 'catch-up'}},
          dag.catchUp ? (dag.catchUpWindow ? `yes, window ${dag.catchUpWindow}` : 'yes') : 'no'),
        h('dt', {}, 'Overlap'), h('dd', {dataset: {fact: 'overlap'}}, dag.overlap || 'ALLOW'),
        h('dt', {}, 'Code'), h('dd', {}, codeLocation(dag.source))),
      h('div', {class: 'toolbar'}, pauseButton(dag, () => refresh(true)), triggerButton(dag.dagId)));
    const latest = runs[0];
    const latestMapped = latest ? runSummaries(dag, latest) : new Map();
    replace(graph, dagGraph(dag.taskList, (id) => latestMapped.has(id) && latestMapped.get(id).count > 0
      ? latestMapped.get(id).status : latest && latest.tasks[id] ? latest.tasks[id].status : undefined,
    (id) => latestMapped.has(id) && latestMapped.get(id).count > 0 ? link.run(latest.runId)
      : latest && latest.tasks[id] ? link.attempt(latest.runId, id, latest.tasks[id].retry) : undefined));
    replace(runsBox, grid(dag, runs, whys));
    replace(chart, durationChart(runs));
    replace(settingsBox, settings(dag));
    if (dag.schedule && !backfillFormBox.firstChild) {
      replace(backfillFormBox, backfillForm(dag, () => refresh(true))); // built once: keeps what was typed
    }
    replace(backfillsBox, dag.schedule ? backfillList(backfills, () => refresh(true))
      : h('p', {class: 'muted'}, 'A DAG without a schedule has no points to backfill.'));
    replace(limitButtons, LIMITS.map((n) => h('button', {type: 'button', 'aria-pressed': String(n === limit),
      dataset: {key: `limit-${n}`}, onclick: () => {
        limit = n;
        refresh(true);
      }}, n)));
  };
  main.replaceChildren(head,
    section('Graph (latest run)', graph),
    section('Runs', h('div', {class: 'toolbar'}, h('span', {}, 'Show '), limitButtons), runsBox),
    section('Run durations', chart),
    section('Backfills', backfillFormBox, backfillsBox),
    section('Task settings', settingsBox));
  return {refresh};
}

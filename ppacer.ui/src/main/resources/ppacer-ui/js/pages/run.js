// A run (#/runs/{runId}): summary, restart, the DAG graph coloured live by status, the Gantt of
// attempts, and the task list with attempts, durations, config, why a task was skipped (or
// upstream-failed), which children a branch chose, why each unfinished task is not running yet
// (GET /dagruns/{runId}/why, also the graph's tooltips), and the task actions. A mapped task is one
// node, one timeline row and one task row with its instances' count and status summary; its button
// (or its node in the graph) unfolds its instances, each with its attempts, logs and actions.

import {api} from '../api.js';
import {badge, branchText, epoch, h, replace, section, showError, time} from '../components.js';
import {link} from '../router.js';
import {dagGraph} from '../graph.js';
import {gantt} from '../gantt.js';
import * as actions from '../actions.js';
import {instanceOf, mappedSummaries} from '../mapped.js';

/** @return taskId → its latest attempt row */
function latestByTask(tasks) {
  const m = new Map();
  for (const t of tasks) {
    const seen = m.get(t.taskId);
    if (!seen || t.retry > seen.retry) {
      m.set(t.taskId, t);
    }
  }
  return m;
}

function config(json) {
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}

/** @return an attempt's reason and branch decision, as text for a tooltip, or undefined */
function detail(t) {
  const parts = [t.reason, branchText(t.branch)].filter((x) => x);
  return parts.length ? parts.join('; ') : undefined;
}

/** The reason (SKIPPED, UPSTREAM_FAILED) and the branch decision under an attempt's status. */
function notes(t) {
  return [t.reason ? h('span', {class: 'reason', dataset: {reason: ''}}, t.reason) : '',
    branchText(t.branch) ? h('span', {class: 'reason', dataset: {branch: t.branch.join(',')}}, branchText(t.branch)) : ''];
}

/** The explainer's line under an unfinished task's latest attempt: its reason and the sentence. */
function whyLine(why) {
  return why ? h('span', {class: 'why', dataset: {why: why.reason}, title: why.reason}, 'why? ', why.message) : '';
}

/** @return the sort key of a row: instances right after their mapped task, in index order */
function rowKey(t) {
  const i = instanceOf(t.taskId);
  return {id: i ? i.mapped : t.taskId, index: i ? i.index : -1};
}

/** The action buttons of a task's (or an instance's) latest attempt; a mapped task is cleared, never marked. */
function actionButtons(run, t, after, mapped) {
  const finished = (s) => !['RUNNING', 'SCHEDULED', 'NO_STATUS'].includes(s);
  if (!(finished(t.status) || t.status === 'NO_STATUS')) {
    return '';
  }
  return [
    h('button', {type: 'button', dataset: {key: `clear-${t.taskId}`, action: 'clear'},
      onclick: async () => (await actions.clear(run.runId, t.taskId)) && after()}, 'Clear…'),
    mapped ? '' : [
      t.status !== 'SUCCESS' ? h('button', {type: 'button', dataset: {key: `ok-${t.taskId}`, action: 'mark-success'},
        onclick: async () => (await actions.markTask(run.runId, t.taskId, 'SUCCESS')) && after()}, 'Mark success…') : '',
      t.status !== 'FAILED' ? h('button', {type: 'button', dataset: {key: `ko-${t.taskId}`, action: 'mark-failed'},
        onclick: async () => (await actions.markTask(run.runId, t.taskId, 'FAILED')) && after()}, 'Mark failed…') : '',
      t.status !== 'SKIPPED' ? h('button', {type: 'button', dataset: {key: `skip-${t.taskId}`, action: 'mark-skipped'},
        onclick: async () => (await actions.markTask(run.runId, t.taskId, 'SKIPPED')) && after()}, 'Mark skipped…') : '',
    ]];
}

/** The button that shows or hides a mapped task's instances (in the task list and the timeline). */
function expandButton(summary, expanded, toggle) {
  return h('button', {type: 'button', class: 'expand', 'aria-expanded': String(expanded),
    'aria-controls': 'tasks', dataset: {key: `expand-${summary.taskId}`, action: 'expand-instances'},
    onclick: () => toggle(summary.taskId)}, `${expanded ? 'collapse' : 'expand'} ${summary.count} instances`);
}

/** A mapped task's row: its instances' count and status summary, the button that shows them, Clear (all). */
function mappedRow(run, summary, own, ctx) {
  const {whyByTask, missedByTask, after, expanded, toggle} = ctx;
  const open = expanded.has(summary.taskId);
  const inst = [...summary.instances.values()];
  const started = inst.filter((r) => r.startTs).sort((a, b) => epoch(a.startTs) - epoch(b.startTs));
  const ended = inst.filter((r) => r.endTs).sort((a, b) => epoch(b.endTs) - epoch(a.endTs));
  const done = !['RUNNING', 'NO_STATUS'].includes(summary.status);
  const row = own || {taskId: summary.taskId, retry: -1, taskNotStarted: true, taskPosition: {depth: 0}};
  return h('tr', {class: 'mapped', dataset: {task: summary.taskId, retry: row.retry, status: summary.status,
    mapped: '', count: summary.count, summary: summary.text}},
  h('th', {scope: 'row', style: `padding-left:${0.5 + row.taskPosition.depth * 0.8}em`},
    own && !own.taskNotStarted && summary.count === 0
      ? h('a', {href: link.attempt(run.runId, own.taskId, own.retry)}, summary.taskId) : summary.taskId,
    summary.count > 0 ? expandButton(summary, open, toggle) : '',
    own && own.configJson ? h('details', {class: 'config'}, h('summary', {}, 'config'), h('pre', {}, config(own.configJson))) : ''),
  h('td', {}, summary.count > 0 ? `${summary.count} ${summary.count === 1 ? 'instance' : 'instances'}`
    : own && own.retry >= 0 ? own.retry : '—'),
  h('td', {}, badge(summary.status),
    summary.count > 0 ? h('span', {class: 'instances-summary', dataset: {instances: summary.count}}, summary.text) : '',
    own && summary.count === 0 ? notes(own) : '', whyLine(whyByTask.get(summary.taskId)),
    missedByTask.get(summary.taskId) ? h('span', {class: 'why', dataset: {deadlineMissed: ''}},
      `⏰ missed its deadline (due ${missedByTask.get(summary.taskId).dueAt})`) : ''),
  h('td', {}, time(started.length ? started[0].startTs : own && own.startTs)),
  h('td', {}, done ? time(ended.length ? ended[0].endTs : own && own.endTs) : time(null)),
  h('td', {}, '—'),
  h('td', {}, '—'),
  h('td', {}, '—'),
  h('td', {class: 'actions'}, actionButtons(run, {...row, status: summary.status}, after, true)));
}

function taskTable(run, summaries, ctx) {
  const {whyByTask, missedByTask, after, expanded} = ctx;
  const latest = latestByTask(run.tasks);
  const rows = run.tasks.slice().sort((a, b) => {
    const ka = rowKey(a);
    const kb = rowKey(b);
    return a.taskPosition.depth - b.taskPosition.depth || a.taskPosition.width - b.taskPosition.width
      || ka.id.localeCompare(kb.id) || ka.index - kb.index || a.retry - b.retry;
  });
  const body = [];
  for (const t of rows) {
    const summary = summaries.get(t.taskId);
    if (summary) { // the mapped task: one row for all its attempts and instances
      if (latest.get(t.taskId) === t) {
        body.push(mappedRow(run, summary, t, ctx));
      }
      continue;
    }
    const inst = instanceOf(t.taskId);
    if (inst && !expanded.has(inst.mapped) && summaries.has(inst.mapped)) {
      continue;
    }
    const isLatest = latest.get(t.taskId) === t;
    body.push(h('tr', {class: inst ? 'instance' : undefined,
      dataset: {task: t.taskId, retry: t.retry, status: t.status, instanceOf: inst ? inst.mapped : undefined}},
    h('th', {scope: 'row', style: `padding-left:${0.5 + t.taskPosition.depth * 0.8 + (inst ? 1.2 : 0)}em`},
      t.taskNotStarted ? t.taskId : h('a', {href: link.attempt(run.runId, t.taskId, t.retry)}, t.taskId),
      isLatest && !inst ? h('details', {class: 'config'}, h('summary', {}, 'config'), h('pre', {}, config(t.configJson))) : ''),
    h('td', {}, t.retry < 0 ? '—' : t.retry),
    h('td', {}, badge(t.status), notes(t), isLatest ? whyLine(whyByTask.get(t.taskId)) : '',
      isLatest && missedByTask.get(t.taskId) ? h('span', {class: 'why', dataset: {deadlineMissed: ''}},
        `⏰ missed its deadline (due ${missedByTask.get(t.taskId).dueAt})`) : ''),
    h('td', {}, time(t.startTs)),
    h('td', {}, time(t.endTs)),
    h('td', {}, t.duration ?? '—'),
    h('td', {}, t.executorId ? h('code', {}, t.executorId) : '—'),
    h('td', {}, t.taskNotStarted ? '—' : h('a', {href: link.attempt(run.runId, t.taskId, t.retry),
      'aria-label': `Logs of ${t.taskId} attempt ${t.retry}`}, `${t.taskLogs.logRecordsCount} ${t.taskLogs.logRecordsCount === 1 ? 'line' : 'lines'}`)),
    h('td', {class: 'actions'}, isLatest ? actionButtons(run, t, after, false) : '')));
  }
  return h('table', {class: 'grid-table', id: 'tasks'},
    h('thead', {}, h('tr', {}, ['Task', 'Attempt', 'Status', 'Started', 'Ended', 'Duration', 'Executor', 'Logs',
      'Actions'].map((c) => h('th', {scope: 'col'}, c)))),
    h('tbody', {}, body));
}

/**
 * The timeline's rows: a mapped task with instances is one row spanning its instances (a button that
 * shows them), followed by its instances' attempts when expanded.
 */
function timelineRows(run, summaries, expanded) {
  const out = [];
  const emitted = new Set();
  for (const t of run.tasks) {
    const inst = instanceOf(t.taskId);
    const mappedId = summaries.has(t.taskId) ? t.taskId : inst && summaries.has(inst.mapped) ? inst.mapped : null;
    const summary = mappedId ? summaries.get(mappedId) : null;
    if (!summary || summary.count === 0) {
      if (!t.taskNotStarted) {
        out.push(t);
      }
      continue;
    }
    if (!emitted.has(mappedId)) {
      emitted.add(mappedId);
      const rows = [...summary.instances.values()].filter((r) => !r.taskNotStarted);
      const first = rows.filter((r) => r.startTs).sort((a, b) => epoch(a.startTs) - epoch(b.startTs))[0];
      const last = rows.filter((r) => r.endTs).sort((a, b) => epoch(b.endTs) - epoch(a.endTs))[0];
      const done = !['RUNNING', 'NO_STATUS'].includes(summary.status);
      out.push({taskId: mappedId, retry: 0, status: summary.status, insertTs: rows.length ? rows[0].insertTs : null,
        startTs: first ? first.startTs : null, endTs: done && last ? last.endTs : null,
        mapped: summary, expanded: expanded.has(mappedId)});
    }
    if (inst && expanded.has(mappedId) && !t.taskNotStarted) {
      out.push({...t, instance: true});
    }
  }
  return out;
}

export async function mount(main, {runId}) {
  const head = h('div');
  const graph = h('div', {class: 'scroll', id: 'run-graph'});
  const timeline = h('div', {class: 'scroll', id: 'gantt'});
  const list = h('div', {class: 'scroll'});
  let dag = null;
  let lastJson = '';
  /** The mapped tasks whose instances are shown (all are folded at first). */
  const expanded = new Set();
  const refresh = async (force) => {
    const run = await api.run(runId);
    const unfinished = run.status === 'QUEUED' || run.status === 'RUNNING';
    // the page shows every task, so it asks for every unfinished task's reason (the API's default page is 100)
    const shown = Math.max(100, run.tasks.length, dag ? dag.taskList.length : 0);
    const [why, details] = await Promise.all([unfinished ? api.why(runId, shown) : {run: [], tasks: []},
      api.runDetails(runId)]);
    const missed = details.deadlinesMissed || [];
    const missedByTask = new Map(missed.filter((m) => m.taskId).map((m) => [m.taskId, m]));
    const waiting = why.run;
    const whyByTask = new Map(why.tasks.map((t) => [t.taskId, t]));
    if (!dag) {
      try {
        dag = await api.dag(run.dagId);
      } catch (e) {
        dag = {taskList: []};
        showError(e, `DAG ${run.dagId} (its graph cannot be drawn)`);
      }
    }
    const json = JSON.stringify([run, why, missed]);
    if (json === lastJson && !force) {
      return;
    }
    lastJson = json;
    main.dataset.dagId = run.dagId; // its actions are its DAG's (permissions.js)
    const after = () => refresh(true);
    replace(head,
      h('h1', {}, h('span', {class: 'muted'}, 'Run '), `#${run.runId} `, badge(run.status)),
      waiting.length === 0 ? '' : h('div', {class: 'waiting', id: 'waiting', role: 'status'},
        waiting.map((w) => h('p', {dataset: {reason: w.reason}}, '⏸ ', w.message))),
      missed.length === 0 ? '' : h('div', {class: 'waiting', id: 'deadlines', role: 'status'},
        missed.map((m) => h('p', {dataset: {deadlineTask: m.taskId || ''}}, '⏰ ',
          `${m.taskId ? `Task ${m.taskId}` : 'The run'} missed its deadline (due ${m.dueAt}); it goes on.`))),
      h('dl', {class: 'facts'},
        h('dt', {}, 'DAG'), h('dd', {}, h('a', {href: link.dag(run.dagId)}, run.dagId)),
        h('dt', {}, 'Logical time'), h('dd', {}, time(run.execTs), h('span', {class: 'muted'}, ` (${run.execTs.timezone})`)),
        h('dt', {}, 'Duration'), h('dd', {}, run.duration),
        h('dt', {}, 'Trigger'), h('dd', {}, run.trigger.toLowerCase(), run.restarts ? `, restarted ${run.restarts}×` : ''),
        h('dt', {}, 'Parameters'), h('dd', {}, h('code', {}, JSON.stringify(run.params))),
        // the DAG bundle version the run started with (and runs on to its end), short; the full hash on hover
        run.bundleHash ? h('dt', {}, 'Bundle version') : '',
        run.bundleHash ? h('dd', {id: 'bundle-version', title: run.bundleHash}, h('code', {}, run.bundleHash.slice(0, 12))) : ''),
      run.status === 'FAILED' ? h('div', {class: 'toolbar'}, h('button', {type: 'button', class: 'primary',
        id: 'restart', dataset: {action: 'restart'},
        onclick: async () => (await actions.restart(run.runId)) && after()}, 'Restart run…')) : '');
    const latest = latestByTask(run.tasks);
    const summaries = mappedSummaries(run.tasks, dag.taskList.filter((t) => t.mapping).map((t) => t.taskId));
    const statusOf = (id) => summaries.has(id) ? summaries.get(id).status : latest.get(id) ? latest.get(id).status : 'NO_STATUS';
    replace(graph, dagGraph(dag.taskList, statusOf,
      (id) => latest.get(id) && !latest.get(id).taskNotStarted ? link.attempt(run.runId, id, latest.get(id).retry)
        : undefined, (id) => whyByTask.get(id) ? `why? ${whyByTask.get(id).message}`
        : latest.get(id) ? detail(latest.get(id)) : undefined,
      {summaryOf: (id) => summaries.get(id) && summaries.get(id).count > 0 ? summaries.get(id) : undefined,
        isExpanded: (id) => expanded.has(id), onToggle: (id) => toggle(id, true)}));
    replace(timeline, gantt(timelineRows(run, summaries, expanded),
      (a) => link.attempt(run.runId, a.taskId, a.retry), Date.now(), (id) => toggle(id, false)));
    replace(list, taskTable(run, summaries, {whyByTask, missedByTask, after, expanded,
      toggle: (id) => toggle(id, false)}));
  };
  /** Shows or hides a mapped task's instances; from the graph, also brings its row in the task list into view. */
  const toggle = async (id, reveal) => {
    if (expanded.has(id)) {
      expanded.delete(id);
    } else {
      expanded.add(id);
    }
    await refresh(true);
    const row = list.querySelector(`tr[data-task="${CSS.escape(id)}"]`);
    if (reveal && row && expanded.has(id)) {
      row.scrollIntoView({block: 'nearest'});
    }
  };
  main.replaceChildren(head, section('Graph', graph), section('Timeline', timeline), section('Tasks', list));
  return {refresh};
}

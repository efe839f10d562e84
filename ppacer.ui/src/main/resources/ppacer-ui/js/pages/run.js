// A run (#/runs/{runId}): summary, restart, the DAG graph coloured live by status, the Gantt of
// attempts, and the task list with attempts, durations, config, why a task was skipped (or
// upstream-failed), which children a branch chose, why each unfinished task is not running yet
// (GET /dagruns/{runId}/why, also the graph's tooltips), and the task actions.

import {api} from '../api.js';
import {badge, branchText, h, replace, section, showError, time} from '../components.js';
import {link} from '../router.js';
import {dagGraph} from '../graph.js';
import {gantt} from '../gantt.js';
import * as actions from '../actions.js';

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

function taskTable(run, whyByTask, missedByTask, after) {
  const latest = latestByTask(run.tasks);
  const rows = run.tasks.slice().sort((a, b) => a.taskPosition.depth - b.taskPosition.depth
    || a.taskPosition.width - b.taskPosition.width || a.taskId.localeCompare(b.taskId) || a.retry - b.retry);
  const finished = (s) => !['RUNNING', 'SCHEDULED', 'NO_STATUS'].includes(s);
  return h('table', {class: 'grid-table', id: 'tasks'},
    h('thead', {}, h('tr', {}, ['Task', 'Attempt', 'Status', 'Started', 'Ended', 'Duration', 'Executor', 'Logs',
      'Actions'].map((c) => h('th', {scope: 'col'}, c)))),
    h('tbody', {}, rows.map((t) => {
      const isLatest = latest.get(t.taskId) === t;
      return h('tr', {dataset: {task: t.taskId, retry: t.retry, status: t.status}},
        h('th', {scope: 'row', style: `padding-left:${0.5 + t.taskPosition.depth * 0.8}em`},
          t.taskNotStarted ? t.taskId : h('a', {href: link.attempt(run.runId, t.taskId, t.retry)}, t.taskId),
          isLatest ? h('details', {class: 'config'}, h('summary', {}, 'config'), h('pre', {}, config(t.configJson))) : ''),
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
        h('td', {class: 'actions'}, isLatest && (finished(t.status) || t.status === 'NO_STATUS') ? [
          h('button', {type: 'button', dataset: {key: `clear-${t.taskId}`, action: 'clear'},
            onclick: async () => (await actions.clear(run.runId, t.taskId)) && after()}, 'Clear…'),
          t.status !== 'SUCCESS' ? h('button', {type: 'button', dataset: {key: `ok-${t.taskId}`, action: 'mark-success'},
            onclick: async () => (await actions.markTask(run.runId, t.taskId, 'SUCCESS')) && after()}, 'Mark success…') : '',
          t.status !== 'FAILED' ? h('button', {type: 'button', dataset: {key: `ko-${t.taskId}`, action: 'mark-failed'},
            onclick: async () => (await actions.markTask(run.runId, t.taskId, 'FAILED')) && after()}, 'Mark failed…') : '',
          t.status !== 'SKIPPED' ? h('button', {type: 'button', dataset: {key: `skip-${t.taskId}`, action: 'mark-skipped'},
            onclick: async () => (await actions.markTask(run.runId, t.taskId, 'SKIPPED')) && after()}, 'Mark skipped…') : '',
        ] : ''));
    })));
}

export async function mount(main, {runId}) {
  const head = h('div');
  const graph = h('div', {class: 'scroll', id: 'run-graph'});
  const timeline = h('div', {class: 'scroll', id: 'gantt'});
  const list = h('div', {class: 'scroll'});
  let dag = null;
  let lastJson = '';
  const refresh = async (force) => {
    const run = await api.run(runId);
    const unfinished = run.status === 'QUEUED' || run.status === 'RUNNING';
    const [why, details] = await Promise.all([unfinished ? api.why(runId) : {run: [], tasks: []}, api.runDetails(runId)]);
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
        h('dt', {}, 'Parameters'), h('dd', {}, h('code', {}, JSON.stringify(run.params)))),
      run.status === 'FAILED' ? h('div', {class: 'toolbar'}, h('button', {type: 'button', class: 'primary',
        id: 'restart', dataset: {action: 'restart'},
        onclick: async () => (await actions.restart(run.runId)) && after()}, 'Restart run…')) : '');
    const latest = latestByTask(run.tasks);
    replace(graph, dagGraph(dag.taskList, (id) => latest.get(id) ? latest.get(id).status : 'NO_STATUS',
      (id) => latest.get(id) && !latest.get(id).taskNotStarted ? link.attempt(run.runId, id, latest.get(id).retry)
        : undefined, (id) => whyByTask.get(id) ? `why? ${whyByTask.get(id).message}`
        : latest.get(id) ? detail(latest.get(id)) : undefined));
    replace(timeline, gantt(run.tasks.filter((t) => !t.taskNotStarted),
      (a) => link.attempt(run.runId, a.taskId, a.retry)));
    replace(list, taskTable(run, whyByTask, missedByTask, after));
  };
  main.replaceChildren(head, section('Graph', graph), section('Timeline', timeline), section('Tasks', list));
  return {refresh};
}

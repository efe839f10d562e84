// An attempt (#/runs/{runId}/tasks/{taskId}/{retry}): its summary, the error with its stack trace,
// and the log viewer: paging, a level filter and a live tail that follows the newest lines.

import {api} from '../api.js';
import {badge, branchText, h, replace, section, time} from '../components.js';
import {link} from '../router.js';

const PAGE = 100;
const LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR'];

function levelClass(level) {
  const l = (level || '').toUpperCase();
  return l.startsWith('ERR') ? 'lv-error' : l.startsWith('WARN') ? 'lv-warn' : l === 'DEBUG' || l === 'TRACE' ? 'lv-debug' : 'lv-info';
}

/** A stored output: JSON pretty-printed, text as is, other bytes described (the CLI's `output --to` saves them). */
function outputView(o) {
  const body = o.output;
  const meta = h('p', {class: 'muted', id: 'output-meta'}, `${body.contentType}, ${o.size} bytes, stored ${o.storedAt}`);
  if (body.text === null || body.text === undefined) {
    return [meta, h('p', {id: 'output'}, `Binary content: ppacer output ${o.runId} ${o.taskId} --attempt ${o.attempt} --to FILE`)];
  }
  let text = body.text;
  if (body.contentType === 'application/json') {
    try {
      text = JSON.stringify(JSON.parse(body.text), null, 2);
    } catch (e) {
      text = body.text;
    }
  }
  return [meta, h('pre', {class: 'output-text', id: 'output'}, text)];
}

export async function mount(main, {runId, taskId, retry}) {
  const state = {offset: 0, tail: null, hidden: new Set()};
  const head = h('div');
  const errorBox = h('div');
  const outputBox = h('div');
  const controls = h('div', {class: 'toolbar log-controls'});
  const logBox = h('div', {class: 'log-box', id: 'logs', tabindex: '0', 'aria-label': 'Log lines'});
  let lastJson = '';
  let total = 0;

  const refresh = async (force) => {
    const [a, run] = await Promise.all([api.attempt(runId, taskId, retry, state.offset, PAGE), api.run(runId)]);
    const output = a.status === 'SUCCESS' ? await api.output(runId, taskId, retry) : null;
    total = a.taskLogs.logRecordsCount;
    if (state.tail === null) {
      state.tail = a.status === 'RUNNING' || a.status === 'SCHEDULED' || a.status === 'DEFERRED';
    }
    if (state.tail && total > state.offset + PAGE) {
      state.offset = Math.max(0, total - PAGE);
      return refresh(true);
    }
    const json = JSON.stringify([a, run.status, state.offset, state.tail, [...state.hidden], output]);
    if (json === lastJson && !force) {
      return undefined;
    }
    lastJson = json;
    const retries = run.tasks.filter((t) => t.taskId === taskId && !t.taskNotStarted).map((t) => t.retry);
    replace(head,
      h('nav', {class: 'crumbs', 'aria-label': 'Breadcrumb'}, h('a', {href: link.dag(run.dagId)}, run.dagId), ' › ',
        h('a', {href: link.run(runId)}, `Run #${runId}`), ' › ', taskId),
      h('h1', {}, h('span', {class: 'muted'}, 'Task '), `${taskId} `, h('span', {class: 'muted'}, `attempt ${retry} `),
        badge(a.status)),
      h('dl', {class: 'facts'},
        h('dt', {}, 'Scheduled'), h('dd', {}, time(a.insertTs)),
        h('dt', {}, 'Started'), h('dd', {}, time(a.startTs)),
        h('dt', {}, 'Ended'), h('dd', {}, time(a.endTs)),
        h('dt', {}, 'Duration'), h('dd', {}, a.duration ?? '—'),
        h('dt', {}, 'Executor'), h('dd', {}, a.executorId ? h('code', {}, a.executorId) : '—'),
        a.reason ? [h('dt', {}, 'Reason'), h('dd', {id: 'reason'}, a.reason)] : '',
        branchText(a.branch) ? [h('dt', {}, 'Branch'), h('dd', {id: 'branch'}, branchText(a.branch))] : '',
        h('dt', {}, 'Attempts'), h('dd', {}, retries.length === 0 ? '—' : retries.map((r) => r === Number(retry)
          ? h('strong', {'aria-current': 'page'}, ` ${r} `)
          : h('a', {href: link.attempt(runId, taskId, r)}, ` ${r} `)))));
    replace(errorBox, a.error ? section('Error', h('pre', {class: 'error-text', id: 'error-text'}, a.error)) : '');
    replace(outputBox, output ? section('Output', outputView(output)) : '');
    const levels = [...new Set([...LEVELS, ...a.taskLogs.logRecords.map((r) => r.level)])];
    const last = Math.max(0, Math.floor((total - 1) / PAGE) * PAGE);
    const go = (offset) => () => {
      state.offset = Math.max(0, Math.min(offset, last));
      state.tail = false;
      refresh(true);
    };
    replace(controls,
      h('label', {class: 'check'}, h('input', {type: 'checkbox', id: 'tail', checked: state.tail,
        onchange: (e) => {
          state.tail = e.target.checked;
          if (state.tail) {
            state.offset = last;
          }
          refresh(true);
        }}), ' Live tail'),
      h('fieldset', {class: 'levels'}, h('legend', {}, 'Levels'), levels.map((l) => h('label', {class: 'check'},
        h('input', {type: 'checkbox', id: `level-${l}`, checked: !state.hidden.has(l), onchange: (e) => {
          if (e.target.checked) {
            state.hidden.delete(l);
          } else {
            state.hidden.add(l);
          }
          refresh(true);
        }}), ` ${l}`))),
      h('div', {class: 'pager'},
        h('button', {type: 'button', id: 'first', disabled: state.offset === 0, onclick: go(0)}, '« First'),
        h('button', {type: 'button', id: 'prev', disabled: state.offset === 0, onclick: go(state.offset - PAGE)}, '◀ Previous'),
        h('span', {id: 'log-range'}, total === 0 ? 'no lines'
          : `lines ${state.offset + 1}–${Math.min(total, state.offset + PAGE)} of ${total}`),
        h('button', {type: 'button', id: 'next', disabled: state.offset + PAGE >= total, onclick: go(state.offset + PAGE)},
          'Next ▶'),
        h('button', {type: 'button', id: 'last', disabled: state.offset + PAGE >= total, onclick: go(last)}, 'Last »')));
    const shown = a.taskLogs.logRecords.filter((r) => !state.hidden.has(r.level));
    const atBottom = logBox.scrollTop + logBox.clientHeight >= logBox.scrollHeight - 4;
    replace(logBox, shown.length === 0 ? h('p', {class: 'muted'}, total === 0 ? 'This attempt has logged nothing.'
      : 'No line on this page matches the level filter.')
      : h('table', {class: 'log-table'}, h('tbody', {}, shown.map((r) => h('tr', {class: levelClass(r.level)},
        h('td', {class: 'log-time'}, h('time', {datetime: r.insertTs.iso,
          title: `${r.insertTs.date} ${r.insertTs.time} ${r.insertTs.timezone}`}, r.insertTs.time.slice(0, 12))),
        h('td', {class: 'log-level'}, `[${r.level}]`),
        h('td', {class: 'log-msg'}, r.message,
          r.attributesJson && r.attributesJson !== '{}' ? h('span', {class: 'attrs'}, ` ${r.attributesJson}`) : ''))))));
    if (state.tail && atBottom) {
      logBox.scrollTop = logBox.scrollHeight;
    }
    return undefined;
  };
  main.replaceChildren(head, errorBox, outputBox, section('Logs', controls, logBox));
  return {refresh};
}

// The backfills of one DAG, on its page: a form (range, max active, reprocess) with a dry-run
// preview computed by the scheduler, and the DAG's backfills with a progress bar (points done /
// total) and pause, resume and cancel.

import {api} from '../api.js';
import {backfillAction} from '../actions.js';
import {act, h, replace} from '../components.js';

const SHOWN = 10;

function fieldValues(form) {
  const body = {from: form.from.value, to: form.to.value, reprocess: form.reprocess.value};
  if (form.maxActive.value) {
    body.maxActive = Number(form.maxActive.value);
  }
  return body;
}

function timesList(title, times) {
  return h('div', {class: 'small', dataset: {plan: title}}, h('strong', {}, `${title}: ${times.length}`),
    times.length ? [' — ', times.slice(0, SHOWN).join(', '), times.length > SHOWN ? ` … and ${times.length - SHOWN} more` : '']
      : '');
}

/** The form: preview (dry run) and start. onStarted runs after a backfill was created. */
export function backfillForm(dag, onStarted) {
  const preview = h('div', {id: 'backfill-preview', 'aria-live': 'polite'});
  const input = (name, attrs) => h('input', {name, id: `backfill-${name}`, ...attrs});
  const form = h('form', {id: 'backfill-form', class: 'toolbar', onsubmit: (e) => e.preventDefault()},
    h('label', {for: 'backfill-from'}, 'From'), input('from', {type: 'date', required: true}),
    h('label', {for: 'backfill-to'}, 'To'), input('to', {type: 'date', required: true}),
    h('label', {for: 'backfill-maxActive'}, 'Max active'),
    input('maxActive', {type: 'number', min: 1, placeholder: String(dag.maxActiveRuns), style: 'width:5em'}),
    h('label', {for: 'backfill-reprocess'}, 'Existing runs'),
    h('select', {name: 'reprocess', id: 'backfill-reprocess'},
      h('option', {value: 'none'}, 'skip'), h('option', {value: 'failed'}, 'rerun failed'), h('option', {value: 'all'}, 'rerun all')),
    h('button', {type: 'button', dataset: {key: 'backfill-preview'}, onclick: async () => {
      if (!form.reportValidity()) {
        return;
      }
      const plan = await act('Backfill preview', () => api.backfill(dag.dagId, {...fieldValues(form), dryRun: true}));
      if (plan) {
        replace(preview, h('p', {}, `${plan.total} schedule point(s); nothing was created (preview).`),
          timesList('New run', plan.create), timesList('Rerun', plan.rerun), timesList('Skipped', plan.skip),
          plan.notes.map((n) => h('p', {class: 'muted'}, n)));
      }
    }}, 'Preview'),
    h('button', {type: 'button', class: 'primary', dataset: {key: 'backfill-start'}, onclick: async () => {
      if (!form.reportValidity()) {
        return;
      }
      const b = await act('Start backfill', () => api.backfill(dag.dagId, fieldValues(form)), 'Backfill started');
      if (b) {
        replace(preview, b.notes.map((n) => h('p', {class: 'muted'}, n)));
        onStarted();
      }
    }}, 'Start backfill'));
  return h('div', {}, h('p', {class: 'muted small'},
    'Dates are the start of the day in the DAG\'s schedule zone (UTC for fixed intervals); both ends are included.'),
  form, preview);
}

function progress(b) {
  return h('span', {}, h('progress', {max: Math.max(1, b.total), value: b.done, 'aria-label': `Backfill #${b.id} progress`}),
    h('span', {class: 'small'}, ` ${b.done}/${b.total}`));
}

function buttons(b, onChange) {
  const button = (action) => h('button', {type: 'button', dataset: {key: `backfill-${b.id}-${action}`}, onclick: async () => {
    if (await backfillAction(b.id, action)) {
      onChange();
    }
  }}, action[0].toUpperCase() + action.slice(1));
  return h('span', {class: 'actions'}, b.state === 'RUNNING' ? button('pause') : '', b.state === 'PAUSED' ? button('resume') : '',
    b.state === 'RUNNING' || b.state === 'PAUSED' ? button('cancel') : '');
}

/** The DAG's backfills, newest first. */
export function backfillList(backfills, onChange) {
  if (backfills.length === 0) {
    return h('p', {class: 'muted'}, 'No backfills.');
  }
  return h('div', {class: 'scroll'}, h('table', {class: 'grid-table', id: 'backfills'},
    h('thead', {}, h('tr', {}, ['#', 'State', 'Range', 'Progress', 'Runs ok / failed / unfinished', 'Max active',
      'Existing runs', 'By', ''].map((c) => h('th', {scope: 'col'}, c)))),
    h('tbody', {}, backfills.map((b) => h('tr', {dataset: {backfillId: b.id, state: b.state}},
      h('td', {}, `#${b.id}`),
      h('td', {}, b.state, b.notes.length ? h('div', {class: 'muted small'}, b.notes.join(' ')) : ''),
      h('td', {class: 'small'}, `${b.from} … ${b.to}`, b.reverse ? ' (latest first)' : ''),
      h('td', {}, progress(b)),
      h('td', {}, `${b.runsSucceeded} / ${b.runsFailed} / ${b.runsUnfinished}`),
      h('td', {}, b.maxActive),
      h('td', {}, b.reprocess.toLowerCase()),
      h('td', {}, b.createdBy),
      h('td', {}, buttons(b, onChange)))))));
}

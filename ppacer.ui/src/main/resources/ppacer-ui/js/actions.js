// The UI's actions, each behind a confirmation dialog; the scheduler's errors are shown.

import {api} from './api.js';
import {act, confirm, h, showError} from './components.js';
import {link} from './router.js';

/** Trigger a DAG, with optional JSON parameters. Navigates to the new run. */
export async function trigger(dagId) {
  const area = h('textarea', {id: 'trigger-params', rows: 5, cols: 40, spellcheck: 'false',
    placeholder: '{"day": "2026-11-27"}'});
  const ok = await confirm(`Trigger ${dagId}?`, [
    h('p', {}, `A run of ${dagId} starts now.`),
    h('label', {for: 'trigger-params'}, 'Parameters (optional JSON object)'), area], 'Trigger');
  if (!ok) {
    return;
  }
  let params = {};
  if (area.value.trim()) {
    try {
      params = JSON.parse(area.value);
    } catch (e) {
      showError(new Error(`The parameters are not valid JSON (${e.message}); nothing was triggered`));
      return;
    }
  }
  const r = await act(`Trigger ${dagId}`, () => api.trigger(dagId, params), `Triggered ${dagId}`);
  if (r) {
    location.hash = link.run(r.runId);
  }
}

/** Pause or unpause a DAG. @return true when it changed */
export async function setPaused(dagId, paused) {
  const ok = await confirm(paused ? `Pause ${dagId}?` : `Unpause ${dagId}?`,
    h('p', {}, paused ? 'No new runs are created and its queued runs wait until it is unpaused.'
      : 'Runs are created again; missed schedule points follow the DAG\'s catch-up setting.'),
    paused ? 'Pause' : 'Unpause');
  return ok && (await act(`${paused ? 'Pause' : 'Unpause'} ${dagId}`, () => api.pause(dagId, paused),
    `${dagId} ${paused ? 'paused' : 'unpaused'}`)) !== undefined;
}

/** Restart a FAILED run. @return true when restarted */
export async function restart(runId) {
  const ok = await confirm(`Restart run #${runId}?`,
    h('p', {}, 'Failed and upstream-failed tasks get new attempts; succeeded tasks are kept.'), 'Restart');
  return ok && (await act(`Restart run #${runId}`, () => api.restart(runId), `Run #${runId} restarted`)) !== undefined;
}

/** Clear a task, and by choice its downstream tasks. @return true when cleared */
export async function clear(runId, taskId) {
  const box = h('input', {type: 'checkbox', id: 'clear-downstream', checked: true});
  const ok = await confirm(`Clear ${taskId} in run #${runId}?`, [
    h('p', {}, 'The task gets a new attempt once its parents have succeeded; a finished run runs again.'),
    h('label', {}, box, ' Also clear every task downstream')], 'Clear');
  return ok && (await act(`Clear ${taskId}`, () => api.clear(runId, taskId, box.checked),
    `${taskId} cleared${box.checked ? ' with its downstream tasks' : ''}`)) !== undefined;
}

const MARK_EFFECT = {
  SUCCESS: 'Its children are released as if it had succeeded.',
  FAILED: 'Its descendants become upstream-failed.',
  SKIPPED: 'Its children see a skipped parent: their trigger rules decide whether they run.',
};

/** Mark a task SUCCESS, FAILED or SKIPPED. @return true when marked */
export async function markTask(runId, taskId, status) {
  const ok = await confirm(`Mark ${taskId} as ${status.toLowerCase()}?`,
    h('p', {}, MARK_EFFECT[status]), `Mark ${status.toLowerCase()}`);
  return ok && (await act(`Mark ${taskId}`, () => api.mark(runId, taskId, status),
    `${taskId} marked ${status.toLowerCase()}`)) !== undefined;
}

const BACKFILL_EFFECT = {
  cancel: 'It creates no more runs; the runs it created run to their end.',
  pause: 'It creates no runs until resumed; the runs it created go on.',
  resume: 'It goes on creating runs from where it stopped.',
};

/** Cancel, pause or resume a backfill. @return true when it changed */
export async function backfillAction(backfillId, action) {
  const box = h('input', {type: 'checkbox', id: 'backfill-cancel-runs'});
  const ok = await confirm(`${action[0].toUpperCase()}${action.slice(1)} backfill #${backfillId}?`,
    [h('p', {}, BACKFILL_EFFECT[action]),
      action === 'cancel' ? h('label', {}, box, ' Also cancel its unfinished runs (they end failed)') : ''],
    `${action[0].toUpperCase()}${action.slice(1)}`);
  return ok && (await act(`${action} backfill #${backfillId}`,
    () => api.backfillAction(backfillId, action, action === 'cancel' && box.checked),
    `Backfill #${backfillId}: ${action === 'cancel' ? 'cancelled' : action === 'pause' ? 'paused' : 'resumed'}`))
    !== undefined;
}

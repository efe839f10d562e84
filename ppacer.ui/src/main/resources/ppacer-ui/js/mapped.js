// Dynamic task mapping in the UI: a mapped task (`load`) runs as instances `load[0]`, `load[1]`, ...
// The store keeps attempts of the instances only, so the mapped task's status is summed up here from
// its instances' latest statuses, as the scheduler's RunState does: RUNNING while any is not done,
// then FAILED when one failed (or upstream-failed), SKIPPED when all skipped themselves, else
// SUCCESS. A mapped task that never expanded (an empty list, an upstream failure) has an attempt of
// its own, whose status is used.

import {statusLook} from './components.js';

const INSTANCE = /^(.+)\[(\d+)\]$/;
const OUTCOMES = ['SUCCESS', 'FAILED', 'UPSTREAM_FAILED', 'SKIPPED'];
/** The order of a summary's parts: done first, then what is still going on. */
const ORDER = ['SUCCESS', 'RUNNING', 'FAILED_PENDING_RETRY', 'DEFERRED', 'SCHEDULED', 'QUEUED', 'READY_TO_SCHEDULE', 'FAILED',
  'UPSTREAM_FAILED', 'SKIPPED', 'CANCELLED', 'NO_STATUS'];
/** Words for the statuses a summary shows in words rather than with an icon. */
const WORDS = {RUNNING: 'running', FAILED_PENDING_RETRY: 'retrying', DEFERRED: 'deferred', SCHEDULED: 'scheduled', QUEUED: 'queued',
  READY_TO_SCHEDULE: 'scheduled', NO_STATUS: 'not started'};

/** @return {mapped, index} of an instance id such as `load[3]`, or null for a task id */
export function instanceOf(taskId) {
  const m = INSTANCE.exec(taskId);
  return m ? {mapped: m[1], index: Number(m[2])} : null;
}

/** @return the id of an instance: `load[3]` */
export function instanceId(mapped, index) {
  return `${mapped}[${index}]`;
}

/**
 * The status of a mapped task from its instances' latest statuses.
 *
 * @param statuses the instances' latest statuses (an empty array: not expanded yet)
 * @param own the status of the mapped task's own attempt (SKIPPED on an empty list, UPSTREAM_FAILED, ...), or undefined
 * @return the status, NO_STATUS when nothing started
 */
export function mappedStatus(statuses, own) {
  if (statuses.length === 0) {
    return own || 'NO_STATUS';
  }
  if (!statuses.every((s) => OUTCOMES.includes(s))) {
    if (statuses.includes('CANCELLED') && statuses.every((s) => OUTCOMES.includes(s) || s === 'CANCELLED')) {
      return 'CANCELLED'; // a cancelled run: nothing of it runs any more
    }
    return statuses.every((s) => s === 'NO_STATUS') ? 'NO_STATUS' : 'RUNNING';
  }
  if (statuses.some((s) => s === 'FAILED' || s === 'UPSTREAM_FAILED')) {
    return 'FAILED';
  }
  return statuses.every((s) => s === 'SKIPPED') ? 'SKIPPED' : 'SUCCESS';
}

/**
 * A mapped task's summary.
 *
 * @param taskId the mapped task
 * @param statuses its instances' latest statuses
 * @param own the status of its own attempt, or undefined
 * @return {taskId, count, status, counts: [[status, n]], text: "load ×12: 9 ✓ 2 running 1 ✗"}
 */
export function summarise(taskId, statuses, own) {
  const byStatus = new Map();
  for (const s of statuses) {
    byStatus.set(s, (byStatus.get(s) || 0) + 1);
  }
  const counts = [...byStatus].sort((a, b) => ORDER.indexOf(a[0]) - ORDER.indexOf(b[0]));
  const status = mappedStatus(statuses, own);
  return {taskId, count: statuses.length, status, counts,
    short: countsText(counts) || (statuses.length === 0 ? 'no instances' : ''),
    text: `${taskId} ×${statuses.length}${counts.length ? ': ' + countsText(counts) : ''}`};
}

/** "9 ✓ 2 running 1 ✗": an icon for outcomes, words for the statuses still moving. */
function countsText(counts) {
  return counts.map(([s, n]) => `${n} ${WORDS[s] || statusLook(s)[0]}`).join(' ');
}

/**
 * Groups a run's attempt rows (the API's order: a mapped task, then its instances) by mapped task.
 *
 * @param rows attempt rows with taskId, status, retry and taskNotStarted
 * @param mappedIds ids of the DAG's mapped tasks (a mapped task with no instance yet is listed too)
 * @return Map mapped task id → summary (see summarise), with `instances`: instance id → its latest row
 */
export function mappedSummaries(rows, mappedIds = []) {
  const latest = new Map();
  for (const r of rows) {
    const seen = latest.get(r.taskId);
    if (!seen || r.retry > seen.retry) {
      latest.set(r.taskId, r);
    }
  }
  const instances = new Map(mappedIds.map((id) => [id, new Map()]));
  for (const [id, r] of latest) {
    const i = instanceOf(id);
    if (i) {
      if (!instances.has(i.mapped)) {
        instances.set(i.mapped, new Map());
      }
      instances.get(i.mapped).set(id, r);
    }
  }
  const out = new Map();
  for (const [id, inst] of instances) {
    const own = latest.get(id) && !latest.get(id).taskNotStarted ? latest.get(id).status : undefined;
    const s = summarise(id, [...inst.values()].map((r) => r.taskNotStarted ? 'NO_STATUS' : r.status), own);
    s.instances = inst;
    out.set(id, s);
  }
  return out;
}

/** @return what a DAG task view's `mapping` says, in words ("mapped over list_files", "mapped over 3 items"), or null */
export function mappingText(mapping) {
  if (!mapping) {
    return null;
  }
  const over = mapping.parent ? `mapped over ${mapping.parent}` : `mapped over ${mapping.literalItems} items`;
  return mapping.maxActiveInstances > 0 ? `${over}, at most ${mapping.maxActiveInstances} at once` : over;
}

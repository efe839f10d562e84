// Hash routes: every view has a deep link (#/dags/etl, #/runs/12/tasks/load/1, ...).

import * as overview from './pages/overview.js';
import * as dags from './pages/dags.js';
import * as dag from './pages/dag.js';
import * as run from './pages/run.js';
import * as attempt from './pages/attempt.js';
import * as audit from './pages/audit.js';
import * as assets from './pages/assets.js';

const ROUTES = [
  {pattern: /^\/?$/, page: overview, nav: 'overview', params: []},
  {pattern: /^\/dags\/?$/, page: dags, nav: 'dags', params: []},
  {pattern: /^\/audit\/?$/, page: audit, nav: 'audit', params: []},
  {pattern: /^\/assets\/?$/, page: assets, nav: 'assets', params: []},
  {pattern: /^\/dags\/([^/]+)\/?$/, page: dag, nav: 'dags', params: ['dagId']},
  {pattern: /^\/runs\/(\d+)\/?$/, page: run, nav: 'dags', params: ['runId']},
  {pattern: /^\/runs\/(\d+)\/tasks\/([^/]+)\/(\d+)\/?$/, page: attempt, nav: 'dags',
    params: ['runId', 'taskId', 'retry']},
];

/** @return {page, nav, params} for a location hash, or null when no route matches */
export function resolve(hash) {
  const path = hash.replace(/^#/, '').split('?')[0];
  for (const r of ROUTES) {
    const m = path.match(r.pattern);
    if (m) {
      const params = {};
      r.params.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1]);
      });
      return {page: r.page, nav: r.nav, params};
    }
  }
  return null;
}

/** Links, encoded. */
export const link = {
  overview: () => '#/',
  dags: () => '#/dags',
  audit: () => '#/audit',
  assets: () => '#/assets',
  dag: (dagId) => `#/dags/${encodeURIComponent(dagId)}`,
  run: (runId) => `#/runs/${runId}`,
  attempt: (runId, taskId, retry) => `#/runs/${runId}/tasks/${encodeURIComponent(taskId)}/${retry}`,
};

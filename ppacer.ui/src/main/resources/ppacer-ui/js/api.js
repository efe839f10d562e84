// The scheduler's HTTP API, as the UI uses it. Every call goes through request(): it adds the
// bearer token (asked for once on a 401, kept in sessionStorage) and turns the API's
// {"error": ..., "field": ...} answers into ApiError, which the pages show to the user.

const TOKEN_KEY = 'ppacer.token';

export class ApiError extends Error {
  constructor(status, message, field) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.field = field;
  }
}

let tokenPrompt = null;

/** Asks for the token in a dialog; concurrent 401s share one prompt. Resolves to the token or null. */
function askToken(reason) {
  if (!tokenPrompt) {
    tokenPrompt = new Promise((resolve) => {
      const dialog = document.createElement('dialog');
      dialog.id = 'token-dialog';
      dialog.setAttribute('aria-labelledby', 'token-title');
      dialog.innerHTML = `<form method="dialog">
          <h2 id="token-title">API token needed</h2>
          <p class="muted"></p>
          <label>Bearer token <input type="password" name="token" autocomplete="off" required></label>
          <div class="buttons"><button type="submit" value="cancel" formnovalidate>Cancel</button>
          <button type="submit" value="ok" class="primary">Use token</button></div></form>`;
      dialog.querySelector('p').textContent = reason;
      document.body.append(dialog);
      dialog.addEventListener('close', () => {
        const value = dialog.returnValue === 'ok' ? dialog.querySelector('input').value.trim() : '';
        dialog.remove();
        tokenPrompt = null;
        if (value) {
          sessionStorage.setItem(TOKEN_KEY, value);
          window.dispatchEvent(new Event('ppacer-key'));
        }
        resolve(value || null);
      });
      dialog.showModal();
    });
  }
  return tokenPrompt;
}

async function request(method, path, body) {
  for (let attempt = 0; ; attempt++) {
    const headers = {Accept: 'application/json'};
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) {
      headers.Authorization = `Bearer ${token}`;
    }
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    let res;
    try {
      res = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
    } catch (e) {
      throw new ApiError(0, `The scheduler cannot be reached (${method} ${path}): ${e.message}`);
    }
    const text = await res.text();
    let json = null;
    if (text && (res.headers.get('Content-Type') || '').includes('json')) {
      try {
        json = JSON.parse(text);
      } catch (e) {
        throw new ApiError(res.status, `Unreadable answer to ${method} ${path}: ${e.message}`);
      }
    }
    if (res.status === 401 && attempt === 0) {
      sessionStorage.removeItem(TOKEN_KEY);
      const given = await askToken((json && json.error) || `${method} ${path} needs the scheduler's API token.`);
      if (given) {
        continue;
      }
    }
    if (!res.ok) {
      const message = json && json.error ? json.error : `${method} ${path} answered HTTP ${res.status}`;
      throw new ApiError(res.status, message, json ? json.field : undefined);
    }
    return json;
  }
}

const enc = encodeURIComponent;

export const api = {
  /** Who the key in use is and what it may do: {name, role, dags, authenticated, keyRequired, readsProtected, may}. */
  whoami: () => request('GET', '/whoami'),
  stats: () => request('GET', '/ui/dagrun/stats'),
  latestRuns: (n) => request('GET', `/ui/dagrun/latest/${n}`),
  run: (runId) => request('GET', `/ui/dagrun/${enc(runId)}`),
  /** The public run details: the UI reads their `waiting` reasons (why an unfinished run makes no progress). */
  runDetails: (runId) => request('GET', `/dagruns/${enc(runId)}`),
  /**
   * Why a run is where it is: `run` (reasons of the run as a whole), `counts` (unfinished tasks per reason) and
   * `tasks` (the reason of at most `limit` unfinished tasks, blocked ones first; the server's default is 100,
   * so a page that shows every task asks for as many as it shows).
   */
  why: (runId, limit) => request('GET', `/dagruns/${enc(runId)}/why${limit ? `?limit=${enc(limit)}` : ''}`),
  attempt: (runId, taskId, retry, offset, limit) =>
    request('GET', `/ui/dagrun/task/${enc(runId)}/${enc(taskId)}/${enc(retry)}?offset=${offset}&limit=${limit}`),
  /** The output an attempt stored, or null when it stored none (a 404). */
  output: (runId, taskId, retry) =>
    request('GET', `/dagruns/${enc(runId)}/tasks/${enc(taskId)}/attempts/${enc(retry)}/output`).catch((e) => {
      if (e instanceof ApiError && e.status === 404) {
        return null;
      }
      throw e;
    }),
  executors: () => request('GET', '/executors'),
  pools: () => request('GET', '/pools'),
  assets: () => request('GET', '/assets'),
  /** A page of the audit log; query: dag, actor, action, since, before, limit (URL-encoded). */
  audit: (query) => request('GET', `/audit?${query}`),
  dags: () => request('GET', '/dags'),
  dag: (dagId) => request('GET', `/dags/${enc(dagId)}`),
  dagRuns: (dagId, limit) => request('GET', `/dags/${enc(dagId)}/runs?limit=${limit}`),
  pause: (dagId, paused) => request('POST', `/dags/${enc(dagId)}/${paused ? 'pause' : 'unpause'}`, {}),
  trigger: (dagId, params) => request('POST', '/dag/run/trigger', {dagId, params}),
  dagBackfills: (dagId) => request('GET', `/dags/${enc(dagId)}/backfills`),
  /** A backfill (body: from, to, maxActive, reprocess, dryRun, ...); with dryRun its plan, nothing created. */
  backfill: (dagId, body) => request('POST', `/dags/${enc(dagId)}/backfills`, {...body, createdBy: 'ui'}),
  /** action: cancel (with cancelRuns: its unfinished runs too), pause or resume */
  backfillAction: (backfillId, action, cancelRuns) =>
    request('POST', `/backfills/${enc(backfillId)}/${action}${cancelRuns ? '?cancelRuns=true' : ''}`, {}),
  restart: (runId) => request('POST', '/dag/run/restart', {runId}),
  clear: (runId, taskId, downstream) =>
    request('POST', `/dag/run/${enc(runId)}/task/${enc(taskId)}/clear?downstream=${downstream}`, {}),
  mark: (runId, taskId, status) => request('POST', `/dag/run/${enc(runId)}/task/${enc(taskId)}/mark`, {status}),
};

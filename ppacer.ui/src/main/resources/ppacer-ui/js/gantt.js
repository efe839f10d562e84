// A Gantt chart of a run's attempts as SVG: one row per attempt, bars from start to end (or now),
// coloured by status with the status in each bar's tooltip and label. An attempt that never started
// (SCHEDULED, or SKIPPED / UPSTREAM_FAILED without running) has a row with its status and no bar: it
// has no duration, and the axis spans only the attempts that ran. A mapped task's row spans its
// instances (a button that unfolds them); an instance's rows are indented under it.

import {epoch, h, ms, statusLook, statusText} from './components.js';

const ROW = 24;
const LABEL_W = 170;
const CHART_W = 620;
const AXIS_H = 22;

/**
 * @param attempts rows: {taskId, retry, status, insertTs, startTs, endTs} (API timestamps); a mapped task's
 *     row has `mapped` (its summary, mapped.js) and `expanded`, an instance's row has `instance: true`
 * @param hrefOf attempt → link
 * @param now epoch ms used as the end of running attempts
 * @param onToggle mapped task id → void: shows or hides its instances
 */
export function gantt(attempts, hrefOf, now = Date.now(), onToggle = () => undefined) {
  const rows = attempts.filter((a) => a.insertTs);
  if (!rows.some((a) => a.startTs)) {
    return h('p', {class: 'muted'}, 'No attempt has started yet.');
  }
  const span = rows.map((a) => {
    const start = epoch(a.startTs);
    if (start === null) {
      return {a, start: null, end: null};
    }
    // a running attempt grows until now; a finished one without an end stops at its start
    const end = epoch(a.endTs) ?? (a.status === 'RUNNING' ? Math.max(now, start) : start);
    return {a, start, end};
  });
  const ran = span.filter((s) => s.start !== null);
  const t0 = Math.min(...ran.map((s) => s.start));
  const t1 = Math.max(...ran.map((s) => s.end), t0 + 1);
  const x = (t) => LABEL_W + ((t - t0) / (t1 - t0)) * CHART_W;
  const height = AXIS_H + rows.length * ROW + 4;
  const svg = h('svg', {class: 'gantt', width: LABEL_W + CHART_W + 70, height,
    viewBox: `0 0 ${LABEL_W + CHART_W + 70} ${height}`, role: 'group', 'aria-label': 'Timeline of attempts'});
  const ticks = 4;
  for (let i = 0; i <= ticks; i++) {
    const t = t0 + ((t1 - t0) * i) / ticks;
    svg.append(h('line', {x1: x(t), x2: x(t), y1: AXIS_H - 4, y2: height, class: 'tick'}),
      h('text', {x: x(t), y: AXIS_H - 8, class: 'tick-label', 'text-anchor': 'middle'}, `+${ms(t - t0)}`));
  }
  /** A row as a link to its attempt, or, for a mapped task, as the button that unfolds its instances. */
  const put = (a, row, label) => {
    if (!a.mapped) {
      svg.append(h('a', {svg: true, href: hrefOf(a), 'aria-label': label}, row));
      return;
    }
    row.setAttribute('tabindex', '0');
    row.setAttribute('role', 'button');
    row.setAttribute('aria-expanded', String(Boolean(a.expanded)));
    row.setAttribute('aria-label', `${label}; ${a.expanded ? 'hide' : 'show'} its instances`);
    row.dataset.key = `gantt-${a.taskId}`;
    row.addEventListener('click', () => onToggle(a.taskId));
    row.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        onToggle(a.taskId);
      }
    });
    svg.append(row);
  };
  span.forEach(({a, start, end}, i) => {
    const y = AXIS_H + i * ROW;
    const [icon, cls] = statusLook(a.status);
    const max = a.instance ? 16 : 18;
    const id = a.taskId.length > max ? a.taskId.slice(0, max - 1) + '…' : a.taskId;
    const name = h('text', {x: a.instance ? 16 : 4, y: y + ROW / 2 + 4, class: 'gantt-label'},
      a.mapped ? `${a.expanded ? '▾' : '▸'} ${id} ×${a.mapped.count}` : `${id}${a.retry > 0 ? ' #' + a.retry : ''}`);
    const what = a.mapped ? `${a.mapped.text}, ${statusText(a.status)}` : `${a.taskId} attempt ${a.retry}: ${statusText(a.status)}`;
    const dataset = {task: a.taskId, retry: a.mapped ? undefined : a.retry, mapped: a.mapped ? '' : undefined,
      instance: a.instance ? '' : undefined};
    const classes = `gantt-row st-${cls}${a.mapped ? ' mapped' : ''}${a.instance ? ' instance' : ''}`;
    if (start === null) {
      const label = `${what}, never started`;
      const row = h('g', {class: classes, dataset: {...dataset, started: 'no'}},
        h('title', {}, label), name,
        h('text', {x: LABEL_W + 4, y: y + ROW / 2 + 4, class: 'bar-label'}, `${icon} not run`));
      put(a, row, label);
      return;
    }
    const label = `${what}, ${ms(end - start)}`;
    const bw = Math.max(3, x(end) - x(start));
    const row = h('g', {class: classes, dataset},
      h('title', {}, label), name,
      h('rect', {x: x(start), y: y + 4, width: bw, height: ROW - 8, rx: 3, class: a.mapped ? 'bar span' : 'bar'}),
      h('text', {x: x(start) + bw + 4, y: y + ROW / 2 + 4, class: 'bar-label'}, `${icon} ${ms(end - start)}`));
    put(a, row, label);
  });
  return svg;
}

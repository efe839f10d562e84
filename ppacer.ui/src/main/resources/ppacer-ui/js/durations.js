// The run-duration history of one DAG: a plain SVG bar chart of its latest runs, oldest left, each
// bar as tall as the run took, coloured (and labelled) by the run's status, linking to the run.
// Runs still going have no duration yet: a short dashed stub marks them.

import {h, statusLook, statusText} from './components.js';
import {link} from './router.js';

const HEIGHT = 120;
const BAR = 14;
const GAP = 6;
const LEFT = 48;
const BOTTOM = 18;

/** @return seconds as short text: 0.25s, 12.3s, 4m05s, 2h10m */
export function seconds(s) {
  if (s < 60) {
    return `${s < 10 ? s.toFixed(2) : s.toFixed(1)}s`;
  }
  if (s < 3600) {
    return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
  }
  return `${Math.floor(s / 3600)}h${String(Math.round((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * @param runs a DAG's runs as GET /dags/{dagId}/runs answers them (newest first)
 * @return the chart, or a note when there is no run
 */
export function durationChart(runs) {
  if (runs.length === 0) {
    return h('p', {class: 'muted'}, 'No runs yet.');
  }
  const cols = runs.slice().reverse();
  const finished = cols.filter((r) => typeof r.durationSeconds === 'number');
  const max = Math.max(0.001, ...finished.map((r) => r.durationSeconds));
  const width = LEFT + cols.length * (BAR + GAP) + GAP;
  const plot = HEIGHT - BOTTOM;
  const bars = cols.map((r, i) => {
    const x = LEFT + GAP + i * (BAR + GAP);
    const cls = statusLook(r.status)[1];
    const done = typeof r.durationSeconds === 'number';
    const hgt = done ? Math.max(2, (r.durationSeconds / max) * (plot - 6)) : 6;
    const label = `Run #${r.runId}: ${statusText(r.status)}, ${done ? seconds(r.durationSeconds) : 'still running'}`;
    return h('a', {svg: true, href: link.run(r.runId), 'aria-label': label},
      h('rect', {class: `bar st-${cls}${done ? '' : ' unfinished'}`, x, y: plot - hgt, width: BAR, height: hgt,
        rx: 2, 'data-run-id': r.runId, 'data-status': r.status, 'data-seconds': done ? r.durationSeconds : ''},
      h('title', {}, label)));
  });
  const axis = [
    h('line', {class: 'axis', x1: LEFT, y1: plot, x2: width, y2: plot}),
    h('text', {class: 'tick', x: LEFT - 4, y: 10, 'text-anchor': 'end'}, seconds(max)),
    h('text', {class: 'tick', x: LEFT - 4, y: plot, 'text-anchor': 'end'}, '0s'),
    h('text', {class: 'tick', x: LEFT + GAP, y: HEIGHT - 4}, `#${cols[0].runId}`),
    cols.length > 1 ? h('text', {class: 'tick', x: width - GAP, y: HEIGHT - 4, 'text-anchor': 'end'},
      `#${cols[cols.length - 1].runId}`) : '',
  ];
  return h('svg', {class: 'duration-chart', id: 'duration-chart', width, height: HEIGHT,
    viewBox: `0 0 ${width} ${HEIGHT}`, role: 'img',
    'aria-label': `Durations of the latest ${cols.length} runs, oldest first; longest ${seconds(max)}`},
  axis, bars);
}

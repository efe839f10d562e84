// The DAG as SVG: a layered layout from the API's task positions (depth = column, width = row),
// edges as cubic paths from parent to child, nodes coloured by status with an icon and text.

import {h, statusLook, statusText} from './components.js';

const NODE_W = 150;
const NODE_H = 40;
const GAP_X = 60;
const GAP_Y = 18;
const PAD = 12;

/**
 * @param tasks the API's taskList ({taskId, children, taskPosition: {depth, width}})
 * @param statusOf taskId → status (or undefined: shown without one)
 * @param hrefOf taskId → link (or undefined: not a link)
 */
export function dagGraph(tasks, statusOf = () => undefined, hrefOf = () => undefined) {
  if (tasks.length === 0) {
    return h('p', {class: 'muted'}, 'No graph to draw.');
  }
  // depth and width may start at 0 or 1; columns with fewer tasks are centred on the widest one
  const minDepth = Math.min(...tasks.map((t) => t.taskPosition.depth));
  const minWidth = Math.min(...tasks.map((t) => t.taskPosition.width));
  const rows = new Map();
  for (const t of tasks) {
    const d = t.taskPosition.depth - minDepth;
    rows.set(d, Math.max(rows.get(d) || 0, t.taskPosition.width - minWidth + 1));
  }
  const maxRows = Math.max(1, ...rows.values());
  const maxDepth = Math.max(0, ...rows.keys());
  const pos = new Map();
  for (const t of tasks) {
    const d = t.taskPosition.depth - minDepth;
    const shift = ((maxRows - rows.get(d)) * (NODE_H + GAP_Y)) / 2;
    pos.set(t.taskId, {x: PAD + d * (NODE_W + GAP_X),
      y: PAD + shift + (t.taskPosition.width - minWidth) * (NODE_H + GAP_Y)});
  }
  const w = PAD * 2 + (maxDepth + 1) * NODE_W + maxDepth * GAP_X;
  const hgt = PAD * 2 + maxRows * NODE_H + (maxRows - 1) * GAP_Y;
  const edges = h('g', {class: 'edges'});
  for (const t of tasks) {
    const a = pos.get(t.taskId);
    for (const c of t.children) {
      const b = pos.get(c);
      if (!b) {
        continue;
      }
      const x1 = a.x + NODE_W;
      const y1 = a.y + NODE_H / 2;
      const x2 = b.x;
      const y2 = b.y + NODE_H / 2;
      const mx = (x1 + x2) / 2;
      edges.append(h('path', {d: `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2 - 6},${y2}`,
        'marker-end': 'url(#arrow)', dataset: {from: t.taskId, to: c}}));
    }
  }
  const nodes = h('g', {class: 'nodes'});
  for (const t of tasks) {
    const p = pos.get(t.taskId);
    const status = statusOf(t.taskId);
    const [icon, cls] = status ? statusLook(status) : ['', 'plain'];
    const label = `${t.taskId}${status ? ': ' + statusText(status) : ''}`;
    const shape = h('g', {class: `node st-${cls}`, transform: `translate(${p.x},${p.y})`,
      dataset: {task: t.taskId, status: status || ''}},
    h('title', {}, label),
    h('rect', {width: NODE_W, height: NODE_H, rx: 6}),
    h('text', {x: 10, y: NODE_H / 2 + 5, class: 'node-icon', 'aria-hidden': 'true'}, icon),
    h('text', {x: status ? 28 : 10, y: NODE_H / 2 + 5, class: 'node-label'},
      t.taskId.length > 16 ? t.taskId.slice(0, 15) + '…' : t.taskId));
    const href = hrefOf(t.taskId);
    nodes.append(href ? h('a', {svg: true, href, 'aria-label': label}, shape) : shape);
  }
  return h('svg', {class: 'dag-graph', width: w, height: hgt, viewBox: `0 0 ${w} ${hgt}`, role: 'group',
    'aria-label': `DAG graph with ${tasks.length} tasks`},
  h('defs', {}, h('marker', {id: 'arrow', viewBox: '0 0 10 10', refX: 4, refY: 5, markerWidth: 8, markerHeight: 8,
    orient: 'auto-start-reverse'}, h('path', {d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow'}))),
  edges, nodes);
}

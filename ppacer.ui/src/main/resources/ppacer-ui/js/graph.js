// The DAG as SVG: a layered layout from the API's task positions (depth = column, width = row),
// edges as cubic paths from parent to child, nodes coloured by status with an icon and text. An edge
// into a task whose trigger rule is not the default (ALL_SUCCESS) is labelled with the rule; a
// teardown task has a dashed border, and so have the edges into it. A mapped task is one node drawn
// as a stack: "mapped over X" (the DAG page), or its instance count and their statuses in a run
// ("process_file ×4" over "3 ✓ 1 running"); in a run it is a button that shows its instances.

import {h, statusLook, statusText} from './components.js';
import {mappingText} from './mapped.js';

const NODE_W = 150;
const NODE_H = 40;
const GAP_X = 60;
/** Wider columns when edges carry a trigger rule's label. */
const GAP_X_LABELLED = 120;
const DEFAULT_RULE = 'ALL_SUCCESS';
/** Short labels of the trigger rules, drawn on the edges; the full name is in the label's tooltip. */
const RULE_LABEL = {
  ALL_DONE: 'all done',
  ALL_FAILED: 'all failed',
  ONE_SUCCESS: 'one success',
  ONE_FAILED: 'one failed',
  ONE_DONE: 'one done',
  NONE_FAILED: 'none failed',
  NONE_FAILED_MIN_ONE_SUCCESS: 'none failed, ≥1 ok',
  NONE_SKIPPED: 'none skipped',
  ALWAYS: 'always',
};

/** @return the rule a task's edges are labelled with, or null (the default rule, or a teardown, whose rule is not used) */
function labelledRule(t) {
  return t.triggerRule && t.triggerRule !== DEFAULT_RULE && !t.teardownOf ? t.triggerRule : null;
}
const GAP_Y = 18;
const PAD = 12;

/**
 * @param tasks the API's taskList ({taskId, children, taskPosition: {depth, width}, triggerRule, teardownOf})
 * @param statusOf taskId → status (or undefined: shown without one)
 * @param hrefOf taskId → link (or undefined: not a link)
 * @param detailOf taskId → more text for the node's tooltip, such as why it was skipped (or undefined)
 * @param mapped {summaryOf: taskId → a mapped task's summary (mapped.js summarise) or undefined,
 *     onToggle: taskId → void, called when a mapped task's node is clicked (or undefined: not a button),
 *     isExpanded: taskId → whether its instances are shown}
 */
export function dagGraph(tasks, statusOf = () => undefined, hrefOf = () => undefined, detailOf = () => undefined,
  mapped = {}) {
  const summaryOf = mapped.summaryOf || (() => undefined);
  if (tasks.length === 0) {
    return h('p', {class: 'muted'}, 'No graph to draw.');
  }
  // depth and width may start at 0 or 1; columns with fewer tasks are centred on the widest one
  const minDepth = Math.min(...tasks.map((t) => t.taskPosition.depth));
  const minWidth = Math.min(...tasks.map((t) => t.taskPosition.width));
  const byId = new Map(tasks.map((t) => [t.taskId, t]));
  const gapX = tasks.some((t) => labelledRule(t) && t.parents && t.parents.length > 0) ? GAP_X_LABELLED : GAP_X;
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
    pos.set(t.taskId, {x: PAD + d * (NODE_W + gapX),
      y: PAD + shift + (t.taskPosition.width - minWidth) * (NODE_H + GAP_Y)});
  }
  const w = PAD * 2 + (maxDepth + 1) * NODE_W + maxDepth * gapX;
  const hgt = PAD * 2 + maxRows * NODE_H + (maxRows - 1) * GAP_Y;
  const edges = h('g', {class: 'edges'});
  const labels = h('g', {class: 'rule-labels'});
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
      const child = byId.get(c);
      const rule = labelledRule(child);
      // an edge over other columns (a teardown's from its setup, often) runs in a lane above the nodes it passes
      const passed = tasks.map((o) => pos.get(o.taskId)).filter((o) => o.x > a.x && o.x < b.x);
      let d;
      let label;
      if (passed.length === 0) {
        const mx = (x1 + x2) / 2;
        d = `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2 - 6},${y2}`;
        label = {x: mx, y: (y1 + y2) / 2 - 4};
      } else {
        const lane = Math.max(2, Math.min(a.y, b.y, ...passed.map((o) => o.y)) - GAP_Y / 2);
        const g = gapX / 2;
        d = `M${x1},${y1} C${x1 + g / 2},${y1} ${x1 + g / 2},${lane} ${x1 + g},${lane} L${x2 - g},${lane}`
          + ` C${x2 - g / 2},${lane} ${x2 - g / 2},${y2} ${x2 - 6},${y2}`;
        label = {x: x2 - g / 2 - 3, y: (lane + y2) / 2 - 4};
      }
      edges.append(h('path', {d,
        class: child.teardownOf ? 'to-teardown' : rule ? 'ruled' : undefined,
        'marker-end': 'url(#arrow)', dataset: {from: t.taskId, to: c, rule: rule || undefined}}));
      if (rule) {
        labels.append(h('text', {x: label.x, y: label.y, 'text-anchor': 'middle', class: 'rule-label',
          dataset: {from: t.taskId, to: c, rule}},
        h('title', {}, `trigger rule of ${c}: ${rule}`), RULE_LABEL[rule] || rule.toLowerCase()));
      }
    }
  }
  const nodes = h('g', {class: 'nodes'});
  for (const t of tasks) {
    const p = pos.get(t.taskId);
    const summary = summaryOf(t.taskId);
    const status = statusOf(t.taskId);
    const [icon, cls] = status ? statusLook(status) : ['', 'plain'];
    const detail = detailOf(t.taskId);
    const label = `${t.taskId}${status ? ': ' + statusText(status) : ''}${detail ? ' (' + detail + ')' : ''}`;
    const over = mappingText(t.mapping);
    const about = [t.teardownOf ? `teardown of ${t.teardownOf}` : '',
      labelledRule(t) ? `trigger rule ${t.triggerRule}` : '', over || '',
      summary ? `${summary.count} ${summary.count === 1 ? 'instance' : 'instances'}`
        + (summary.counts.length ? ` (${summary.short})` : '') : ''].filter((x) => x).join(', ');
    const name = about ? `${label}; ${about}` : label;
    const isMapped = Boolean(over || summary);
    const x = status ? 28 : 10;
    const shown = (id, n) => (id.length > n ? id.slice(0, n - 1) + '…' : id);
    const shape = h('g', {class: `node st-${cls}${t.teardownOf ? ' teardown' : ''}${isMapped ? ' mapped' : ''}`,
      transform: `translate(${p.x},${p.y})`,
      dataset: {task: t.taskId, status: status || '', teardownOf: t.teardownOf || undefined,
        rule: t.triggerRule || undefined, mappedOver: t.mapping ? t.mapping.parent || 'items' : undefined,
        count: summary ? summary.count : undefined, summary: summary ? summary.text : undefined}},
    h('title', {}, name),
    isMapped ? [h('rect', {x: 6, y: -6, width: NODE_W, height: NODE_H, rx: 6, class: 'stack'}),
      h('rect', {x: 3, y: -3, width: NODE_W, height: NODE_H, rx: 6, class: 'stack'}),
      h('rect', {width: NODE_W, height: NODE_H, rx: 6, class: 'stack'})] : '',
    h('rect', {width: NODE_W, height: NODE_H, rx: 6}),
    h('text', {x: 10, y: NODE_H / 2 + 5, class: 'node-icon', 'aria-hidden': 'true'}, icon),
    isMapped ? [
      h('text', {x, y: 17, class: 'node-label'}, summary
        ? `${shown(t.taskId, 15 - String(summary.count).length)} ×${summary.count}` : shown(t.taskId, 16)),
      h('text', {x, y: 32, class: 'node-note'}, summary && summary.counts.length ? summary.short
        : over ? `⇶ ${over.replace('mapped ', '')}` : summary ? summary.short : '')]
      : h('text', {x, y: NODE_H / 2 + 5, class: 'node-label'}, shown(t.taskId, 16)));
    const href = hrefOf(t.taskId);
    if (summary && mapped.onToggle) {
      const expanded = mapped.isExpanded ? mapped.isExpanded(t.taskId) : false;
      const toggle = () => mapped.onToggle(t.taskId);
      shape.setAttribute('tabindex', '0');
      shape.setAttribute('role', 'button');
      shape.setAttribute('aria-expanded', String(expanded));
      shape.setAttribute('aria-label', `${name}; ${expanded ? 'hide' : 'show'} its instances`);
      shape.dataset.key = `graph-${t.taskId}`;
      shape.addEventListener('click', toggle);
      shape.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          toggle();
        }
      });
      nodes.append(shape);
    } else {
      nodes.append(href ? h('a', {svg: true, href, 'aria-label': name}, shape) : shape);
    }
  }
  return h('svg', {class: 'dag-graph', width: w, height: hgt, viewBox: `0 0 ${w} ${hgt}`, role: 'group',
    'aria-label': `DAG graph with ${tasks.length} tasks`},
  h('defs', {}, h('marker', {id: 'arrow', viewBox: '0 0 10 10', refX: 4, refY: 5, markerWidth: 8, markerHeight: 8,
    orient: 'auto-start-reverse'}, h('path', {d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow'}))),
  edges, labels, nodes);
}

// Assets (#/assets): every asset with its latest event, producing tasks and consuming DAGs, and the
// cross-DAG graph DAG -> asset -> DAG (producer DAGs on the left, assets in the middle, consumers on
// the right; an SVG of plain boxes and lines).

import {api} from '../api.js';
import {h, replace} from '../components.js';
import {link} from '../router.js';

const SVG = 'http://www.w3.org/2000/svg';
const ROW = 34;
const BOX_W = 180;
const COL_X = [10, 300, 590];

function svg(tag, attrs, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) {
    el.setAttribute(k, String(v));
  }
  if (text != null) {
    el.textContent = text;
  }
  return el;
}

/** @return the DAG id of a producer "dag/task" */
const dagOf = (producer) => producer.slice(0, producer.indexOf('/'));

/** The graph: one node per producing DAG, asset and consuming DAG; an edge per production and consumption. */
function graph(assets) {
  const producers = [...new Set(assets.flatMap((a) => a.producers.map(dagOf)))].sort();
  const consumers = [...new Set(assets.flatMap((a) => a.consumers))].sort();
  const names = assets.map((a) => a.name);
  const rows = Math.max(producers.length, names.length, consumers.length, 1);
  const root = svg('svg', {id: 'asset-graph', role: 'img', 'aria-label': 'Cross-DAG asset graph',
    width: COL_X[2] + BOX_W + 10, height: rows * ROW + 10, class: 'asset-graph'});
  const y = (i) => 5 + i * ROW;
  const node = (col, i, label, kind, href) => {
    const g = svg('g', {class: `node ${kind}`, 'data-node': `${kind}:${label}`});
    g.append(svg('rect', {x: COL_X[col], y: y(i), width: BOX_W, height: ROW - 8, rx: 4}));
    const t = svg('text', {x: COL_X[col] + 8, y: y(i) + 17}, label.length > 26 ? `${label.slice(0, 25)}…` : label);
    if (href) {
      const a = svg('a', {href});
      a.append(t);
      g.append(a);
    } else {
      g.append(t);
    }
    root.append(g);
  };
  const edge = (fromCol, fromRow, toCol, toRow, kind, label) => {
    root.append(svg('line', {x1: COL_X[fromCol] + BOX_W, y1: y(fromRow) + 13, x2: COL_X[toCol], y2: y(toRow) + 13,
      class: `edge ${kind}`, 'data-edge': label}));
  };
  assets.forEach((a, i) => {
    for (const d of new Set(a.producers.map(dagOf))) {
      edge(0, producers.indexOf(d), 1, i, 'produces', `${d}->${a.name}`);
    }
    for (const d of a.consumers) {
      edge(1, i, 2, consumers.indexOf(d), 'consumes', `${a.name}->${d}`);
    }
  });
  producers.forEach((d, i) => node(0, i, d, 'dag', link.dag(d)));
  names.forEach((n, i) => node(1, i, n, 'asset'));
  consumers.forEach((d, i) => node(2, i, d, 'dag', link.dag(d)));
  return root;
}

function latest(e) {
  if (!e) {
    return '–';
  }
  const from = e.source === 'TASK' ? h('a', {href: link.run(e.runId)}, `${e.dagId}/${e.taskId} run #${e.runId}`)
    : `${e.principal}${e.address ? ` (${e.address})` : ''}`;
  return h('span', {}, `#${e.id} at ${e.at} from `, from);
}

export async function mount(main) {
  const body = h('div');
  let lastJson = '';
  const refresh = async (force) => {
    const view = await api.assets();
    const json = JSON.stringify(view);
    if (json === lastJson && !force) {
      return;
    }
    lastJson = json;
    if (view.assets.length === 0) {
      replace(body, h('p', {class: 'muted', id: 'assets-empty'},
        'No asset: no DAG produces one (Node.produces) or is scheduled on one (onAssets).'));
      return;
    }
    replace(body,
      h('table', {class: 'grid-table', id: 'assets'},
        h('thead', {}, h('tr', {}, ['Asset', 'Latest event', 'Producers', 'Consumers']
          .map((c) => h('th', {scope: 'col'}, c)))),
        h('tbody', {}, view.assets.map((a) => h('tr', {dataset: {asset: a.name}},
          h('td', {}, h('code', {}, a.name)), h('td', {}, latest(a.latest)),
          h('td', {}, a.producers.length ? a.producers.join(', ') : '–'),
          h('td', {}, a.consumers.length ? a.consumers.map((d, i) => [i ? ', ' : '', h('a', {href: link.dag(d)}, d)]) : '–'))))),
      h('h2', {}, 'Cross-DAG graph'),
      h('p', {class: 'muted'}, 'Producing DAGs → assets → DAGs scheduled on them.'),
      h('div', {class: 'graph-scroll'}, graph(view.assets)));
  };
  main.replaceChildren(h('h1', {}, 'Assets'), h('section', {class: 'card'}, body));
  return {refresh};
}

// What the key in use may do (GET /whoami), applied to the page: an operator action is hidden where
// the key may not take it. A viewer's body lacks "operate" in data-may (app.css hides every action);
// a key scoped to DAG patterns (--dags 'etl_*') marks the actions of other DAGs data-forbidden, per
// DAG: an action belongs to the DAG of its closest [data-dag-id] (a row of the DAG list, the DAG or run
// page). Marks follow the page as it renders (a MutationObserver), so no page has to ask.

/** The operator actions: buttons that change something (not the unfolding of mapped instances). */
const ACTIONS = 'button[data-action]:not([data-action="expand-instances"]), [data-key^="backfill-"]';

let patterns = [];

/** @return a RegExp of a DAG id glob: '*' any characters, '?' one, the others themselves */
export function globRegExp(pattern) {
  const body = [...pattern].map((c) => c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\-]/g, '\\$&'))
    .join('');
  return new RegExp(`^${body}$`);
}

/** @return whether the key in use may act on this DAG (its patterns allow it; no pattern: every DAG) */
export function mayActOn(dagId) {
  return patterns.length === 0 || patterns.some((p) => p.test(dagId));
}

function mark(el) {
  const owner = el.closest('[data-dag-id]');
  el.toggleAttribute('data-forbidden', owner !== null && !mayActOn(owner.dataset.dagId));
}

function markAll(root) {
  if (root.nodeType !== Node.ELEMENT_NODE) {
    return;
  }
  if (root.matches(ACTIONS)) {
    mark(root);
  }
  root.querySelectorAll(ACTIONS).forEach(mark);
}

/**
 * Applies what the scheduler said about the key in use, to the page now and as it renders.
 *
 * @param who the answer of GET /whoami
 */
export function applyWho(who) {
  patterns = (who.dags || []).map(globRegExp);
  markAll(document.body);
}

new MutationObserver((changes) => {
  for (const c of changes) {
    if (c.type === 'attributes') {
      markAll(c.target);
    } else {
      c.addedNodes.forEach(markAll);
    }
  }
}).observe(document.body, {childList: true, subtree: true, attributes: true, attributeFilter: ['data-dag-id']});

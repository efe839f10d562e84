// Shared building blocks: an element helper, status badges (icon + text, never colour alone),
// times in the scheduler's zone, messages, confirmation dialogs and focus-keeping updates.

/** Creates an element: h('a', {href: '#/'}, 'text', child, [children]). */
export function h(tag, attrs = {}, ...children) {
  const svg = ['svg', 'g', 'path', 'rect', 'text', 'title', 'line', 'circle', 'defs', 'marker'].includes(tag)
    || (tag === 'a' && attrs && attrs.svg);
  const el = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false || k === 'svg') {
      continue;
    }
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2), v);
    } else if (k === 'class') {
      el.setAttribute('class', v);
    } else if (k === 'dataset') {
      for (const [dk, dv] of Object.entries(v)) {
        if (dv !== undefined && dv !== null) {
          el.dataset[dk] = dv;
        }
      }
    } else if (k === 'value' && 'value' in el) {
      el.value = v;
    } else {
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) {
      continue;
    }
    if (Array.isArray(c)) {
      append(el, c);
    } else {
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
  }
}

const STATUS = {
  SUCCESS: ['✓', 'success'],
  FAILED: ['✗', 'failed'],
  UPSTREAM_FAILED: ['⊘', 'upstream'],
  FAILED_PENDING_RETRY: ['↻', 'retry'],
  RUNNING: ['▶', 'running'],
  SCHEDULED: ['◷', 'scheduled'],
  DEFERRED: ['⏸', 'deferred'],
  READY_TO_SCHEDULE: ['◔', 'scheduled'],
  QUEUED: ['…', 'queued'],
  CANCELLED: ['■', 'cancelled'],
  SKIPPED: ['↷', 'skipped'],
  NO_STATUS: ['·', 'none'],
};

/** @return [icon, css class] of a run or task status */
export function statusLook(status) {
  return STATUS[status] || ['?', 'none'];
}

/** Human text of a status: FAILED_PENDING_RETRY → "failed, pending retry". */
export function statusText(status) {
  if (status === 'NO_STATUS') {
    return 'not started';
  }
  return status === 'FAILED_PENDING_RETRY' ? 'failed, pending retry' : status.toLowerCase().replaceAll('_', ' ');
}

/** @return what a branch attempt chose (the API's `branch`: chosen children), as text, or null when it did not branch */
export function branchText(branch) {
  if (!Array.isArray(branch)) {
    return null;
  }
  return branch.length === 0 ? 'chose none of its children' : `chose ${branch.join(', ')}`;
}

/** A badge: coloured, with an icon and the status in words. */
export function badge(status) {
  const [icon, cls] = statusLook(status);
  return h('span', {class: `badge st-${cls}`, dataset: {status}},
    h('span', {class: 'icon', 'aria-hidden': 'true'}, icon), ' ', statusText(status));
}

/** A compact mark (icon only visually, status in its accessible name and tooltip). */
export function mark(status, href, label) {
  const [icon, cls] = statusLook(status);
  const text = `${label ? label + ': ' : ''}${statusText(status)}`;
  const attrs = {class: `mark st-${cls}`, title: text, 'aria-label': text, dataset: {status}};
  return href ? h('a', {...attrs, href}, icon) : h('span', {...attrs, role: 'img'}, icon);
}

/** Milliseconds since the epoch of an API Timestamp ({iso, toDisplay, timezone}) or ISO text. */
export function epoch(ts) {
  if (!ts) {
    return null;
  }
  const iso = typeof ts === 'string' ? ts : ts.iso;
  // trim microseconds to milliseconds: every engine parses that form
  return Date.parse(iso.replace(/(\.\d{3})\d+/, '$1'));
}

let zone = null;

/** @return the scheduler's display zone, as seen on the latest timestamp rendered (or null) */
export function schedulerZone() {
  return zone;
}

/** A <time> in the scheduler's zone, as the API formatted it; the zone is in the tooltip. */
export function time(ts) {
  if (!ts) {
    return h('span', {class: 'muted'}, '—');
  }
  zone = ts.timezone;
  return h('time', {datetime: ts.iso, title: `${ts.date} ${ts.time} ${ts.timezone}`}, ts.toDisplay);
}

/** Short duration text from milliseconds. */
export function ms(d) {
  if (d === null || d === undefined || Number.isNaN(d)) {
    return '—';
  }
  if (d < 1000) {
    return `${Math.max(0, Math.round(d))}ms`;
  }
  const s = d / 1000;
  return s < 60 ? `${s.toFixed(s < 10 ? 2 : 1)}s` : `${Math.floor(s / 60)}m${Math.round(s % 60)}s`;
}

const messages = () => document.getElementById('messages');

/** Shows an error (an ApiError's message from the scheduler, or any Error) until dismissed. */
export function showError(e, what) {
  const text = `${what ? what + ': ' : ''}${e && e.message ? e.message : String(e)}`;
  const box = messages();
  for (const old of box.querySelectorAll('.msg-error')) {
    if (old.dataset.text === text) {
      return; // the same failure on every poll: shown once
    }
  }
  const msg = h('div', {class: 'msg msg-error', dataset: {text}},
    h('span', {class: 'icon', 'aria-hidden': 'true'}, '✗ '), h('span', {class: 'msg-text'}, text),
    h('button', {type: 'button', class: 'link', onclick: () => msg.remove(), 'aria-label': 'Dismiss message'}, 'Dismiss'));
  box.append(msg);
}

/** Shows a short success note that goes away by itself. */
export function showInfo(text) {
  const msg = h('div', {class: 'msg msg-info', role: 'status'},
    h('span', {class: 'icon', 'aria-hidden': 'true'}, '✓ '), h('span', {class: 'msg-text'}, text));
  messages().append(msg);
  setTimeout(() => msg.remove(), 6000);
}

/** Removes the error messages (on navigation). */
export function clearMessages() {
  messages().replaceChildren();
}

/**
 * Asks for confirmation in the page's <dialog>. body: nodes shown under the title.
 * @return Promise<boolean>
 */
export function confirm(title, body, okText = 'OK') {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-title').textContent = title;
  document.getElementById('confirm-body').replaceChildren(...[].concat(body));
  document.getElementById('confirm-ok').textContent = okText;
  const opener = document.activeElement;
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      if (opener && opener.isConnected) {
        opener.focus();
      }
      resolve(dialog.returnValue === 'ok');
    }, {once: true});
    dialog.returnValue = '';
    dialog.showModal();
  });
}

/**
 * Runs an action (a promise factory) and reports: the scheduler's error text is shown, never
 * swallowed. @return the result, or undefined when it failed
 */
export async function act(what, fn, done) {
  try {
    const r = await fn();
    if (done) {
      showInfo(done);
    }
    return r;
  } catch (e) {
    showError(e, what);
    return undefined;
  }
}

function focusKey(el) {
  return el.dataset && el.dataset.key ? `k:${el.dataset.key}` : el.id ? `i:${el.id}`
    : el.getAttribute && el.getAttribute('href') ? `h:${el.getAttribute('href')}` : null;
}

/** Replaces a container's children; keeps keyboard focus on the equivalent element. */
export function replace(container, ...children) {
  const active = document.activeElement;
  const key = active && container.contains(active) ? focusKey(active) : null;
  container.replaceChildren();
  append(container, children);
  if (key) {
    const again = [...container.querySelectorAll('a, button, input, select, textarea, [tabindex]')]
      .find((e) => focusKey(e) === key);
    if (again) {
      again.focus({preventScroll: true});
    }
  }
}

/** A section with a heading. */
export function section(title, ...children) {
  return h('section', {class: 'card'}, h('h2', {}, title), ...children);
}

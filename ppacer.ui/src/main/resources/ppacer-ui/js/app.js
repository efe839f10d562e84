// Entry point: mounts the page for the current hash and keeps it live by polling its refresh()
// every 2 s, unless live updates are paused (the header's toggle) or the tab is hidden.

import {api} from './api.js';
import {resolve} from './router.js';
import {clearMessages, h, schedulerZone, showError} from './components.js';
import {applyWho} from './permissions.js';

const POLL_MS = 2000;
const LIVE_KEY = 'ppacer.live';

let current = null;
let generation = 0;
let timer = null;

function live() {
  return sessionStorage.getItem(LIVE_KEY) !== 'off';
}

function showLive() {
  const b = document.getElementById('live-toggle');
  b.textContent = live() ? 'Live: on' : 'Live: paused';
  b.setAttribute('aria-pressed', String(live()));
  b.classList.toggle('paused', !live());
}

/** The time now in the scheduler's zone (the browser's until a timestamp has been seen). */
function syncedAt() {
  const z = schedulerZone();
  try {
    return new Date().toLocaleTimeString('en-GB', z ? {timeZone: z, timeZoneName: 'short'} : {});
  } catch {
    return new Date().toLocaleTimeString('en-GB');
  }
}

async function refresh(gen) {
  if (!current || gen !== generation || !current.refresh) {
    return;
  }
  try {
    await current.refresh();
    if (gen === generation) {
      document.getElementById('synced').textContent = `Synced ${syncedAt()}`;
      document.body.dataset.loaded = 'true';
    }
  } catch (e) {
    showError(e);
  }
}

function schedule() {
  clearTimeout(timer);
  const gen = generation;
  timer = setTimeout(async () => {
    if (live() && !document.hidden) {
      await refresh(gen);
    }
    if (gen === generation) {
      schedule();
    }
  }, POLL_MS);
}

async function navigate() {
  generation++;
  const gen = generation;
  clearTimeout(timer);
  if (current && current.dispose) {
    current.dispose();
  }
  current = null;
  clearMessages();
  delete document.body.dataset.loaded;
  const main = document.getElementById('main');
  const route = resolve(location.hash || '#/');
  for (const a of document.querySelectorAll('[data-nav]')) {
    if (route && a.dataset.nav === route.nav) {
      a.setAttribute('aria-current', 'page');
    } else {
      a.removeAttribute('aria-current');
    }
  }
  if (!route) {
    main.replaceChildren(h('h1', {}, 'Not found'),
      h('p', {}, `No page at ${location.hash}. `, h('a', {href: '#/'}, 'Go to the overview')));
    return;
  }
  delete main.dataset.dagId; // the DAG and run pages name their DAG (permissions.js)
  main.replaceChildren(h('p', {class: 'muted'}, 'Loading…'));
  try {
    const page = await route.page.mount(main, route.params);
    if (gen !== generation) {
      return;
    }
    current = page;
    await refresh(gen);
  } catch (e) {
    if (gen === generation) {
      main.replaceChildren(h('h1', {}, 'Cannot show this page'));
      showError(e);
    }
  }
  if (gen === generation) {
    schedule();
  }
}

document.getElementById('live-toggle').addEventListener('click', () => {
  sessionStorage.setItem(LIVE_KEY, live() ? 'off' : 'on');
  showLive();
  if (live()) {
    refresh(generation);
  }
});

window.addEventListener('hashchange', () => {
  navigate();
  document.getElementById('main').focus({preventScroll: true});
});
/**
 * Asks the scheduler who the key in use is: the body's data-may (read, operate, admin, execute)
 * hides the actions the key may not take (app.css), a key's DAG patterns hide the actions on other DAGs
 * (permissions.js), the header shows the key's name and role.
 */
async function who() {
  try {
    const w = await api.whoami();
    document.body.dataset.may = w.may.join(' ');
    applyWho(w);
    document.getElementById('whoami').textContent = w.authenticated ? `${w.name} (${w.role})` : '';
  } catch (e) {
    showError(e);
  }
}

window.addEventListener('ppacer-key', who);
showLive();
who();
navigate();

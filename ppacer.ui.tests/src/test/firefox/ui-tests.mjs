// The web UI in headless Firefox against a live scheduler (started by FirefoxUiTest):
//   node ui-tests.mjs <scheduler base URL> <screenshot dir> <id of a finished run of branchy>
// Each check prints "ok <name>" or "FAILED <name>: <why>" (with a screenshot); the exit code is the
// number of failed checks. Firefox is Debian's firefox-esr, driven over WebDriver BiDi by
// puppeteer-core: no geckodriver needed.
import puppeteer from 'puppeteer-core';
import { mkdirSync } from 'node:fs';

const [base, shots = 'target/screenshots', branchedRun] = process.argv.slice(2);
const firefox = process.env.PPACER_FIREFOX || '/usr/bin/firefox-esr';
const TIMEOUT = 30_000;
mkdirSync(shots, { recursive: true });

const browser = await puppeteer.launch({ browser: 'firefox', executablePath: firefox, headless: true,
  defaultViewport: { width: 1400, height: 1000 }, extraPrefsFirefox: { 'intl.accept_languages': 'en-GB' } });
const page = await browser.newPage();
page.setDefaultTimeout(TIMEOUT);
const consoleErrors = [];
page.on('console', m => { if (m.type() === 'error') consoleErrors.push(m.text()); });
page.on('pageerror', e => consoleErrors.push(String(e)));

const open = async hash => { await page.goto(`${base}/${hash}`); };
const present = css => page.waitForSelector(css);
const click = async css => { await (await page.waitForSelector(css, { visible: true })).click(); };
const confirm = async () => {
  await click('dialog#confirm[open] #confirm-ok');
  await page.waitForSelector('dialog#confirm[open]', { hidden: true });
};
const textContains = (css, text) => page.waitForFunction((c, t) => {
  const e = document.querySelector(c);
  return e !== null && e.textContent.includes(t);
}, { timeout: TIMEOUT }, css, text);
const count = css => page.$$eval(css, es => es.length);
const expect = (cond, what) => { if (!cond) throw new Error(what); };

let failed = 0;
async function check(name, body) {
  try {
    await body();
    console.log(`ok ${name}`);
  } catch (e) {
    failed++;
    const file = `${shots}/firefox-${name}.png`;
    await page.screenshot({ path: file }).catch(() => {});
    console.log(`FAILED ${name}: ${e.message} (at ${page.url()}; screenshot ${file})`);
  }
}

await check('hello_world_triggered_succeeds_in_graph_gantt_grid_and_logs', async () => {
  await open('#/dags');
  await click("#dags tr[data-dag-id='hello_world'] button[data-action=trigger]");
  await confirm();
  await page.waitForFunction(() => /#\/runs\/\d+$/.test(location.href), { timeout: TIMEOUT });
  const runId = page.url().substring(page.url().lastIndexOf('/') + 1);
  await present('h1 .badge[data-status=SUCCESS]');
  for (const task of ['start', 't21', 't22', 'finish']) {
    await present(`#run-graph g.node[data-task='${task}'][data-status=SUCCESS]`);
  }
  expect(await count('#run-graph path[data-from]') === 3, 'three edges in the graph');
  expect(await count('#gantt .gantt-row') === 4, 'one Gantt bar per attempt');
  expect((await page.$eval('h1 .badge', e => e.textContent)).toLowerCase().includes('success'), 'status in words');
  expect(await page.$eval('[data-nav=dags]', e => e.getAttribute('aria-current')) === 'page',
    'a run is under the DAGs tab');

  await open('#/dags/hello_world');
  await present(`#runs-grid th[data-run-id='${runId}'][data-status=SUCCESS]`);
  expect(await count(`#runs-grid td[data-run-id='${runId}'][data-status=SUCCESS]`) === 4, 'four green cells');
  await click(`#runs-grid tr[data-task=t21] td[data-run-id='${runId}'] a`);
  await page.waitForFunction(id => location.href.includes(`#/runs/${id}/tasks/t21/0`), { timeout: TIMEOUT }, runId);
  await textContains('#logs', 'Hello from t21');
});

await check('api_errors_and_bad_parameters_are_shown', async () => {
  await open('#/dags');
  await click('#dags tr[data-dag-id=etl] button[data-action=trigger]');
  await (await page.waitForSelector('#trigger-params', { visible: true })).type('[1, 2]');
  await confirm();
  await textContains('#messages .msg-error', 'must be a JSON object');
  await open('#/runs/999999');
  await textContains('#messages .msg-error', 'Unknown DAG run 999999');
});

await check('a_dag_is_paused_and_unpaused', async () => {
  const button = '#dags tr[data-dag-id=etl] button[data-action=pause]';
  await open('#/dags');
  await textContains(button, 'Active');
  await click(button);
  await confirm();
  await textContains(button, 'Paused');
  expect(await page.$eval(button, e => e.getAttribute('aria-pressed')) === 'false', 'aria-pressed follows');
  await click(button);
  await confirm();
  await textContains(button, 'Active');
});

await check('a_deep_link_is_followed_by_keyboard', async () => {
  await open('#/dags');
  await present('#dags tr[data-dag-id=flaky] a.dag-link');
  await page.$eval('#dags tr[data-dag-id=flaky] a.dag-link', a => a.focus());
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.href.includes('#/dags/flaky'), { timeout: TIMEOUT });
  await present('#dag-graph g.node[data-task=flaky]');
});

await check('a_skipped_task_is_coloured_with_its_reason_and_the_rules_are_on_the_edges', async () => {
  // branchy: pick chose left, right is SKIPPED, join has NONE_FAILED_MIN_ONE_SUCCESS, cleanup tears pick down
  await open(`#/runs/${branchedRun}`);
  await present('#run-graph g.node.st-skipped[data-task=right][data-status=SKIPPED]');
  await present('#tasks tr[data-task=right] .badge.st-skipped');
  await textContains('#tasks tr[data-task=right] .reason', "branch not chosen: 'pick' chose [left]");
  await textContains('#tasks tr[data-task=pick] .reason', 'chose left');
  const colours = await page.evaluate(() => Object.fromEntries(['success', 'failed', 'upstream', 'retry', 'running',
    'scheduled', 'queued', 'cancelled', 'none', 'skipped'].map((c) => {
    const e = document.createElement('span');
    e.className = `badge st-${c}`;
    document.body.append(e);
    const look = `${getComputedStyle(e).color} on ${getComputedStyle(e).backgroundColor}`;
    e.remove();
    return [c, look];
  })));
  const same = Object.entries(colours).filter(([c, look]) => c !== 'skipped' && look === colours.skipped);
  expect(same.length === 0, `SKIPPED looks like ${same.map(([c]) => c)}: ${JSON.stringify(colours)}`);
  expect(await count('#run-graph text.rule-label[data-to=join][data-rule=NONE_FAILED_MIN_ONE_SUCCESS]') === 2,
    'the two edges into join carry its rule');
  expect(await count('#run-graph text.rule-label') === 2, 'no label on default-rule edges');
  await present('#run-graph g.node.teardown[data-task=cleanup][data-teardown-of=pick]');
  await open(`#/runs/${branchedRun}/tasks/right/0`);
  await textContains('#reason', 'branch not chosen');
});

await check('no_script_errors_in_the_console', async () => {
  const unexpected = consoleErrors.filter(m => !/Unknown DAG run 999999|status of 4\d\d|4\d\d \(/.test(m));
  expect(unexpected.length === 0, `console errors: ${unexpected.join(' | ')}`);
});

await browser.close();
process.exit(failed);

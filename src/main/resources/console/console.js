// cleanup-service operator console. Plain JavaScript, no build step, no library: it reads and drives the service's own
// API (/api/cleanup/...), exactly as documented in /api/openapi.json. Every value from the API reaches the page as text
// (textContent), never as HTML. The bearer token, when the API asks for one, lives in this tab's sessionStorage only.
'use strict';

(function () {
  const TOKEN_KEY = 'cleanup-service.api-token';
  const FINISHED = new Set(['completed', 'partial', 'failed', 'abandoned']);
  const view = document.getElementById('view');
  const state = { generation: 0, timers: [] };

  // ---- DOM helpers -------------------------------------------------------------------------------------------------

  /** An element: attributes (class, id, for, on<event>, data-*, aria-*, anything else as an attribute) and children. */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') el.className = value;
      else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
      else if (key === 'value') el.value = value;
      else el.setAttribute(key, value === true ? '' : String(value));
    }
    append(el, children);
    return el;
  }

  function append(el, children) {
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  /**
   * A polled part of a page shown anew: nothing is touched when it looks the same (no churn, nothing re-announced),
   * and the keyboard focus stays on the same link or button when it changes (a refresh never throws the user out).
   */
  function refresh(container, ...children) {
    const next = append(document.createElement('div'), children);
    if (next.innerHTML === container.innerHTML) return;
    const focused = document.activeElement;
    const key = focused && container.contains(focused) ? focusKey(focused) : null;
    container.replaceChildren(...next.childNodes);
    if (key) {
      const again = [...container.querySelectorAll(focused.tagName)].find(e => focusKey(e) === key);
      if (again) again.focus({ preventScroll: true });
    }
  }

  function focusKey(el) {
    return [el.tagName, el.id, el.getAttribute('href'), el.dataset.failure, el.textContent].join('|');
  }

  function text(value) {
    return value === null || value === undefined || value === '' ? '—' : String(value);
  }

  function link(href, label) {
    return h('a', { href }, label);
  }

  const GOOD = new Set(['DELETED', 'ALREADY_GONE', 'GONE', 'PASS', 'completed', 'resolved', 'true', 'delivered']);
  const BAD = new Set(['FAILED', 'BLOCKED', 'FAIL', 'ERROR', 'failed', 'abandoned', 'open', 'failing']);
  const WARN = new Set(['SKIPPED', 'DELETING', 'partial', 'running', 'accepted', 'superseded', 'retried', 'WARN', 'refused', 'pending']);

  function badge(value) {
    const v = String(value);
    const kind = GOOD.has(v) ? 'ok' : BAD.has(v) ? 'bad' : WARN.has(v) ? 'warn' : v === 'PRESENT' ? 'info' : 'plain';
    return h('span', { class: 'badge ' + kind }, v);
  }

  /** A table: columns [{label, num?}], rows of cells (each a node or text); an empty list says so. */
  function table(caption, columns, rows, attrs) {
    const head = h('tr', {}, columns.map(c => h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label)));
    const body = h('tbody', {});
    if (rows.length === 0) {
      body.append(h('tr', {}, h('td', { colspan: columns.length, class: 'empty' }, 'None.')));
    }
    for (const row of rows) {
      body.append(h('tr', {}, row.map((cell, i) => h('td', { class: columns[i].num ? 'num' : columns[i].wrap ? 'wrap' : null }, cell))));
    }
    return h('table', attrs || {}, caption ? h('caption', {}, caption) : null, h('thead', {}, head), body);
  }

  function message(kind, ...content) {
    return h('div', { class: 'message ' + kind }, content);
  }

  function progress(p, big, runState) {
    const done = p ? p.done : 0;
    const total = p ? p.total : 0;
    const pct = p && p.percent !== null && p.percent !== undefined ? p.percent : (total ? Math.floor(done * 100 / total) : 0);
    // before its plan a run has nothing counted yet: an indeterminate bar, not 0 of 0
    const planning = total === 0 && !FINISHED.has(runState);
    const bar = planning ? h('progress', { 'aria-label': 'progress' })
      : h('progress', { max: Math.max(total, 1), value: total ? done : 0, 'aria-label': 'progress' });
    // a run that ended with nothing counted and did not complete was refused or broke off before its plan
    const nothing = total === 0 && FINISHED.has(runState) && runState !== 'completed';
    const label = planning ? 'planning…' : nothing ? 'nothing done' : big ? `${done} / ${total} (${pct}%)` : `${pct}%`;
    return h('span', { class: big ? 'big-progress' : 'progress' }, bar, h('span', { class: 'pct', 'data-role': 'percent' }, label));
  }

  /** A run's state as an operator reads it: a run refused at once (a 4xx: live, running, unknown) is "refused", not "failed". */
  function runState(run) {
    return run.state === 'failed' && run.http_status >= 400 && run.http_status < 500 ? 'refused' : run.state;
  }

  function time(iso) {
    if (!iso) return '—';
    const d = new Date(iso);
    return isNaN(d) ? String(iso) : d.toLocaleString();
  }

  function duration(run) {
    if (!run.started_at) return '—';
    const end = run.finished_at ? new Date(run.finished_at) : new Date();
    const ms = end - new Date(run.started_at);
    return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
  }

  function notify(textValue) {
    const n = document.getElementById('notice');
    n.textContent = textValue;
    n.hidden = false;
    clearTimeout(notify.timer);
    notify.timer = setTimeout(() => { n.hidden = true; }, 6000);
  }

  // ---- API ---------------------------------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, msg, body) {
      super(msg);
      this.status = status;
      this.body = body;
    }
  }

  let tokenPrompt = null;

  /** Asks for the token once, however many requests were refused meanwhile; true when one was given. */
  function askToken() {
    if (tokenPrompt) return tokenPrompt;
    const dialog = document.getElementById('token-dialog');
    const input = document.getElementById('token-input');
    input.value = '';
    tokenPrompt = new Promise(resolve => {
      dialog.addEventListener('close', () => {
        tokenPrompt = null;
        if (dialog.returnValue === 'use' && input.value.trim()) {
          sessionStorage.setItem(TOKEN_KEY, input.value.trim());
          input.value = '';
          resolve(true);
        } else {
          if (dialog.returnValue === 'forget') sessionStorage.removeItem(TOKEN_KEY);
          input.value = '';
          resolve(false);
        }
      }, { once: true });
    });
    dialog.showModal();
    input.focus();
    return tokenPrompt;
  }

  /** One API call; a 401 asks for the token and tries again. Answers {status, ok, json, text} ({blob} for opts.blob and a 2xx). */
  async function api(method, path, options) {
    const opts = options || {};
    for (;;) {
      const headers = { Accept: opts.accept || 'application/json' };
      const token = sessionStorage.getItem(TOKEN_KEY);
      if (token) headers.Authorization = 'Bearer ' + token;
      if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
      const res = await fetch(path, {
        method, headers, cache: 'no-store', credentials: 'omit',
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      });
      if (res.status === 401) {
        if (await askToken()) continue;
        throw new ApiError(401, 'The API needs its bearer token (API token button, top right).', null);
      }
      // a download (a run's report): the body as the Blob it is saved from, never read as text here
      if (opts.blob && res.ok) return { status: res.status, ok: true, json: null, blob: await res.blob(), headers: res.headers };
      const body = await res.text();
      let json = null;
      if ((res.headers.get('content-type') || '').includes('json')) {
        try { json = JSON.parse(body); } catch (e) { json = null; }
      }
      return { status: res.status, ok: res.ok, json, text: body, headers: res.headers };
    }
  }

  /** A GET whose answer must be 2xx JSON. */
  async function get(path) {
    const r = await api('GET', path);
    if (!r.ok) throw new ApiError(r.status, errorText(r), r.json);
    return r.json;
  }

  function errorText(r) {
    const j = r.json;
    return `HTTP ${r.status}: ` + (j && (j.error || j.message) ? (j.error || j.message) : (r.text || '').slice(0, 300));
  }

  function enc(value) {
    return encodeURIComponent(value);
  }

  // ---- routing -----------------------------------------------------------------------------------------------------

  const routes = [
    [/^\/?$/, overviewPage, 'overview'],
    [/^\/deployments$/, deploymentsPage, 'deployments'],
    [/^\/deployments\/(.+)$/, deploymentPage, 'deployments'],
    [/^\/nodes\/(.+)$/, nodePage, 'deployments'],
    [/^\/runs$/, runsPage, 'runs'],
    [/^\/runs\/(.+)$/, runPage, 'runs'],
    [/^\/failures$/, failuresPage, 'failures'],
    [/^\/notifications$/, notificationsPage, 'notifications'],
    [/^\/plans\/(.+)$/, planPage, 'deployments'],
  ];

  function parseHash() {
    const raw = location.hash.replace(/^#/, '') || '/';
    const q = raw.indexOf('?');
    const path = q < 0 ? raw : raw.slice(0, q);
    const params = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
    return { path, params };
  }

  function render() {
    state.generation++;
    state.timers.forEach(clearTimeout);
    state.timers = [];
    const { path, params } = parseHash();
    const route = routes.find(r => r[0].test(path)) || [null, notFoundPage, null];
    const args = (path.match(route[0] || /^$/) || []).slice(1).map(decodeURIComponent);
    document.querySelectorAll('[data-nav]').forEach(a => {
      if (a.dataset.nav === route[2]) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    });
    view.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
    const page = { generation: state.generation, params };
    route[1](page, ...args).catch(err => showError(page, err));
  }

  function current(page) {
    return page.generation === state.generation;
  }

  /** Runs fn now and every ms while the page is shown; fn answers false to stop. */
  function every(page, ms, fn) {
    let first = true;
    const tick = async () => {
      if (!current(page)) return;
      let again = true;
      try {
        again = (await fn()) !== false;
      } catch (err) {
        if (first) throw err; // the page could not load at all: the page says so
        if (current(page)) notify(err.message);
      } finally {
        first = false;
      }
      if (again && current(page)) state.timers.push(setTimeout(tick, ms));
    };
    return tick();
  }

  function showError(page, err) {
    if (!current(page)) return;
    view.replaceChildren(h('h1', {}, 'Something went wrong'), message('bad', err.message || String(err)));
  }

  async function notFoundPage() {
    view.replaceChildren(h('h1', {}, 'Not found'), h('p', {}, 'No such page. ', link('#/', 'Overview')));
  }

  function setPage(title, ...content) {
    document.title = title + ' · cleanup-service';
    view.replaceChildren(...content);
  }

  // ---- overview ----------------------------------------------------------------------------------------------------

  async function overviewPage(page) {
    const cards = h('div', { class: 'cards', id: 'overview-cards' });
    const statuses = h('div', {});
    const inFlight = h('div', {});
    const recent = h('div', {});
    setPage('Overview', h('h1', {}, 'Overview'), cards,
      h('h2', {}, 'Nodes by status'), statuses,
      h('h2', {}, 'Runs in flight'), inFlight,
      h('h2', {}, 'Recent runs'), recent);
    await every(page, 3000, async () => {
      const [status, running, accepted, latest] = await Promise.all([
        get('/api/cleanup/status'),
        get('/api/cleanup/runs?state=running&limit=50'),
        get('/api/cleanup/runs?state=accepted&limit=50'),
        get('/api/cleanup/runs?limit=10'),
      ]);
      if (!current(page)) return false;
      const card = (label, value, href, id) => h('div', { class: 'card', id },
        h('div', { class: 'label' }, label),
        h('div', { class: 'value' }, href ? link(href, String(value)) : String(value)));
      refresh(cards,
        card('Nodes', status.total_nodes, '#/deployments', 'card-total'),
        card('Cleanup needed', status.cleanup_needed, null, 'card-needed'),
        card('Cleanup completed', status.cleanup_completed, null, 'card-completed'),
        card('Open failures', status.open_failures, '#/failures', 'card-failures'),
        card('Runs in flight', status.cleanups_running, '#/runs', 'card-running'),
        card('Ownership disputes', status.ownership_disputes, null, 'card-disputes'));
      const byStatus = Object.entries(status.overall_status || {});
      refresh(statuses, table(null, [{ label: 'Status' }, { label: 'Nodes', num: true }],
        byStatus.map(([s, n]) => [badge(s), String(n)])));
      refresh(inFlight, runsTable([...accepted.runs, ...running.runs]));
      refresh(recent, runsTable(latest.runs));
    });
  }

  function targetLink(run) {
    if (run.kind === 'node' && run.target) return link('#/nodes/' + enc(run.target), run.target);
    if (run.kind === 'deployment' && run.target) return link('#/deployments/' + enc(run.target), run.target);
    return text(run.target);
  }

  function runsTable(runs) {
    return table(null, [
      { label: 'Run' }, { label: 'Kind' }, { label: 'Target' }, { label: 'Trigger' }, { label: 'State' },
      { label: 'Progress' }, { label: 'Created' }, { label: 'Duration', num: true }],
    runs.map(r => [
      link('#/runs/' + enc(r.run_id), r.run_id.slice(0, 8)), r.kind + (r.dry_run ? ' (dry run)' : ''), targetLink(r),
      text(r.trigger), badge(runState(r)), progress(r.progress, false, r.state), time(r.created_at), duration(r)]),
    { class: 'runs' });
  }

  // ---- deployments -------------------------------------------------------------------------------------------------

  async function deploymentsPage(page) {
    const after = page.params.get('after');
    const list = await get('/api/cleanup/deployments?limit=100' + (after ? '&after=' + enc(after) : ''));
    if (!current(page)) return;
    const rows = list.deployments.map(d => [
      link('#/deployments/' + enc(d.deployment_id), d.deployment_id), text(d.name), String(d.total_nodes),
      h('span', {}, Object.entries(d.nodes_by_status).map(([s, n]) => h('span', {}, badge(s), ' ', String(n), ' '))),
      String(d.live_nodes)]);
    setPage('Deployments', h('h1', {}, 'Deployments'),
      table(null, [{ label: 'Deployment' }, { label: 'Name' }, { label: 'Nodes', num: true }, { label: 'Nodes by status' },
        { label: 'Live nodes', num: true }], rows, { id: 'deployments-table' }),
      list.next_after ? h('p', {}, link('#/deployments?after=' + enc(list.next_after), 'Next page')) : null);
  }

  async function deploymentPage(page, id) {
    const target = { kind: 'deployment', id, label: 'deployment ' + id, live: false };
    const nodes = h('div', {});
    const own = h('div', {});
    const result = h('div', { class: 'result', id: 'action-result' });
    setPage('Deployment ' + id,
      h('p', { class: 'crumbs' }, link('#/deployments', 'Deployments'), ' / '),
      h('h1', {}, 'Deployment ', h('span', { class: 'mono' }, id)),
      actions(page, target, result), result,
      h('h2', {}, 'Nodes'), nodes,
      h('h2', {}, 'The deployment\'s own resources'),
      await placeFilterForm('deployment-resource-filters', '#/deployments/' + enc(id), page.params), own);
    await every(page, 4000, async () => {
      const [status, resources] = await Promise.all([
        get('/api/cleanup/status?deployment_id=' + enc(id)),
        get('/api/cleanup/resources?deployment_id=' + enc(id) + placeQuery(page.params)),
      ]);
      if (!current(page)) return false;
      target.live = status.node_statuses.some(n => n.current_status === 'deployed' || n.current_status === 'provisioning');
      refresh(nodes, table(`${status.total_nodes} node(s); ${status.cleanup_needed_count} need cleanup, ${status.cleanup_completed_count} completed`,
        [{ label: 'Node' }, { label: 'Status' }, { label: 'Cleanup needed' }, { label: 'Cleanup completed' },
          { label: 'Resources left', num: true }],
        status.node_statuses.map(n => [link('#/nodes/' + enc(n.node_name), n.node_name), badge(n.current_status),
          n.cleanup_needed ? 'yes' : 'no', n.cleanup_completed ? 'yes' : 'no', String(n.resources_left)]),
        { id: 'nodes-table' }));
      refresh(own, resourcesTable(resources.resources, 'deployment-resources'));
    });
  }

  function resourcesTable(rows, id) {
    return table(null, [{ label: 'Type' }, { label: 'Name' }, { label: 'IBM id' }, { label: 'State' },
      { label: 'Attempts', num: true }, { label: 'Last error' }, { label: 'HTTP', num: true }, { label: 'Changed' },
      { label: 'Account' }, { label: 'Region' }],
    rows.map(r => [r.resource_type, text(r.resource_name), h('span', { class: 'mono' }, r.resource_id), badge(r.state),
      String(r.attempts), h('span', { class: r.last_error ? 'error' : 'muted' }, text(r.last_error)),
      text(r.last_http_status), time(r.state_changed_at), text(r.account), text(r.region)]),
    { id, 'data-rows': rows.length });
  }

  // ---- places: the configured accounts and regions, and the filters on them ------------------------------------------

  let configuredPlaces = null;

  /** GET /api/accounts, read once: names, regions and flags (no credential is ever in it). */
  async function places() {
    if (!configuredPlaces) configuredPlaces = await get('/api/accounts');
    return configuredPlaces;
  }

  /** The Account and Region select boxes of a filter form, set to the page's ?account= and ?region=. */
  async function placeSelects(params) {
    const configured = await places();
    const select = (name, label, values, describe) => h('label', {}, label, h('select', { name, id: 'filter-' + name },
      h('option', { value: '' }, 'all'),
      values.map(v => h('option', { value: v, selected: v === params.get(name) }, describe(v)))));
    return [
      select('account', 'Account', configured.accounts.map(a => a.name),
        name => name + (name === configured.default_account ? ' (default)' : '')
          + (configured.accounts.find(a => a.name === name).is_protected ? ' (protected)' : '')),
      select('region', 'Region', configured.regions, region => region + (region === configured.default_region ? ' (default)' : '')),
    ];
  }

  /** A form of the place filters that shows {@code base} with the ones chosen. */
  async function placeFilterForm(id, base, params) {
    return h('form', {
      class: 'filters', id, onsubmit: (e) => {
        e.preventDefault();
        const q = new URLSearchParams();
        for (const [k, v] of new FormData(e.target).entries()) if (v) q.set(k, v);
        location.hash = base + (q.toString() ? '?' + q : '');
      },
    }, ...(await placeSelects(params)), h('button', { type: 'submit' }, 'Filter'));
  }

  /** The page's ?account= and ?region=, as the query of a listing ('' when none). */
  function placeQuery(params) {
    let q = '';
    for (const k of ['account', 'region']) if (params.get(k)) q += '&' + k + '=' + enc(params.get(k));
    return q;
  }

  // ---- nodes -------------------------------------------------------------------------------------------------------

  async function nodePage(page, name) {
    const target = { kind: 'node', id: name, label: 'node ' + name, live: false };
    const summary = h('dl', { class: 'run-head', id: 'node-summary' });
    const resources = h('div', {});
    const result = h('div', { class: 'result', id: 'action-result' });
    const crumbs = h('p', { class: 'crumbs' }, link('#/deployments', 'Deployments'), ' / ');
    setPage('Node ' + name, crumbs, h('h1', {}, 'Node ', h('span', { class: 'mono' }, name)), summary,
      actions(page, target, result), result, h('h2', {}, 'Tracked resources'),
      await placeFilterForm('node-resource-filters', '#/nodes/' + enc(name), page.params), resources);
    let crumbed = false;
    await every(page, 3000, async () => {
      const [status, inventory] = await Promise.all([
        get('/api/cleanup/status?node_name=' + enc(name)),
        get('/api/cleanup/resources?node_name=' + enc(name) + placeQuery(page.params)),
      ]);
      if (!current(page)) return false;
      target.live = inventory.live;
      if (!crumbed && status.deployment_id) {
        crumbs.append(link('#/deployments/' + enc(status.deployment_id), status.deployment_id), ' /');
        crumbed = true;
      }
      const item = (label, value) => [h('dt', {}, label), h('dd', {}, value)];
      refresh(summary,
        ...item('Status', h('span', {}, badge(status.current_status), inventory.live ? ' live: a cleanup needs its name typed' : '')),
        ...item('Cleanup needed', status.cleanup_needed ? 'yes' : 'no'),
        ...item('Cleanup completed', status.cleanup_completed ? 'yes' : 'no'),
        ...item('Resources left', h('span', { id: 'resources-left' }, String(status.resources_left))),
        ...item('Open failures', status.open_failures
          ? link('#/failures?node_name=' + enc(name), String(status.open_failures)) : '0'),
        ...item('Last run', status.last_run_id ? link('#/runs/' + enc(status.last_run_id), status.last_run_id) : '—'));
      refresh(resources, resourcesTable(inventory.resources, 'node-resources'));
    });
  }

  // ---- actions on a node or a deployment ---------------------------------------------------------------------------

  function actions(page, target, result) {
    const path = target.kind === 'node' ? 'node/' + enc(target.id) : 'deployment/' + enc(target.id);
    const run = (fn) => async () => {
      result.replaceChildren(h('p', { class: 'muted' }, 'Working…'));
      try {
        await fn();
      } catch (err) {
        if (current(page)) result.replaceChildren(message('bad', err.message));
      }
    };
    const dryRun = run(async () => {
      const r = await api('POST', `/api/cleanup/${path}?dry_run=true`);
      if (!current(page)) return;
      if (!r.ok) throw new ApiError(r.status, errorText(r), r.json);
      result.replaceChildren(h('h2', {}, 'Dry run'), planView(r.json));
    });
    const cleanup = run(async () => {
      const live = target.live;
      const ok = await confirmDialog({
        title: `Clean up ${target.label}?`,
        body: [h('p', {}, `This deletes the IBM Cloud resources tracked for ${target.label}, for real.`),
          live ? message('warn', `It is live (deployed or provisioning). Type its ${target.kind === 'node' ? 'name' : 'id'} to clean it up anyway.`) : null],
        expected: live ? target.id : null,
        okLabel: 'Delete resources',
      });
      if (!ok) {
        result.replaceChildren(message('warn', 'Cleanup not started.'));
        return;
      }
      const r = await api('POST', `/api/cleanup/${path}?async=true${live ? '&force=true' : ''}`);
      if (r.status === 202 && r.json && r.json.run_id) {
        notify('Cleanup started: run ' + r.json.run_id);
        location.hash = '#/runs/' + enc(r.json.run_id);
        return;
      }
      if (!r.ok) throw new ApiError(r.status, errorText(r), r.json);
      result.replaceChildren(message('ok', text(r.json && r.json.message)));
    });
    const validate = run(async () => {
      const url = target.kind === 'node' ? `/api/cleanup/validate/${enc(target.id)}` : `/api/cleanup/validate/deployment/${enc(target.id)}`;
      const v = await get(url);
      if (!current(page)) return;
      result.replaceChildren(h('h2', {}, 'Validation'), validationView(v));
    });
    const script = run(async () => {
      const url = target.kind === 'node' ? `/api/cleanup/script/node/${enc(target.id)}` : `/api/cleanup/script/${enc(target.id)}`;
      const accept = { accept: 'text/plain, text/x-shellscript, */*' };
      let r = await api('GET', url, accept);
      // a script that would delete a live node's resources: refused unless its name is typed, as a cleanup is
      if (r.status === 409 && r.json && Array.isArray(r.json.refused_nodes) && r.json.refused_nodes.length) {
        const live = r.json.refused_nodes.map(n => `${text(n.node_name)} (${text(n.current_status)})`).join(', ');
        const ok = await confirmDialog({
          title: `Script for ${target.label}?`,
          body: [h('p', {}, `The script would delete the resources of live node(s): ${live}.`),
            message('warn', `Type the ${target.kind === 'node' ? 'node name' : 'deployment id'} to get a script that deletes them anyway.`)],
          expected: target.id,
          okLabel: 'Download script',
        });
        if (!ok) {
          result.replaceChildren(message('warn', 'No script downloaded.'));
          return;
        }
        r = await api('GET', url + '?force=true', accept);
      }
      if (!r.ok) throw new ApiError(r.status, errorText(r), r.json);
      const file = `cleanup-${target.id.replace(/[^A-Za-z0-9._-]/g, '_')}.sh`;
      const blobUrl = URL.createObjectURL(new Blob([r.text], { type: 'text/x-shellscript' }));
      const a = h('a', { href: blobUrl, download: file, id: 'script-download' }, 'Download ' + file + ' again');
      document.body.append(a);
      a.click();
      a.remove();
      result.replaceChildren(message('ok', `Script ${file} downloaded (${r.text.split('\n').length} lines). `,
        'It runs the same deletions with the ibmcloud CLI, after you type the name it asks for (--yes for unattended runs). ',
        h('a', { href: blobUrl, download: file }, 'Download again')));
    });
    const savePlan = run(async () => {
      const body = target.kind === 'node' ? { node: target.id } : { deployment: target.id };
      // a live target's plan includes it (force); nothing is deleted until the plan's short id is typed to apply it
      if (target.live) body.force = true;
      const r = await api('POST', '/api/plans', { body });
      if (!current(page)) return;
      if (!r.ok) throw new ApiError(r.status, errorText(r), r.json);
      result.replaceChildren(h('h2', {}, 'Saved plan'), savedPlanView(page, r.json));
    });
    const drift = run(async () => {
      const url = `/api/cleanup/drift/${path}`;
      const d = await get(url);
      if (!current(page)) return;
      result.replaceChildren(h('h2', {}, 'Drift report'), driftView(page, target, d, result));
    });
    return h('div', { class: 'actions', role: 'group', 'aria-label': 'Actions on ' + target.label },
      h('button', { type: 'button', id: 'action-dry-run', onclick: dryRun }, 'Dry run'),
      h('button', { type: 'button', id: 'action-cleanup', class: 'danger', onclick: cleanup }, 'Clean up…'),
      h('button', { type: 'button', id: 'action-save-plan', onclick: savePlan }, 'Save plan'),
      h('button', { type: 'button', id: 'action-validate', onclick: validate }, 'Validate'),
      h('button', { type: 'button', id: 'action-script', onclick: script }, 'Download script'),
      h('button', { type: 'button', id: 'action-drift', onclick: drift }, 'Drift report'));
  }

  /** Every plan in a dry run answer: a node's, or each node's of a deployment and the deployment's own. */
  function planView(answer) {
    const parts = [message('ok', text(answer.message))];
    const plans = [];
    const collect = (obj, label) => {
      if (!obj || typeof obj !== 'object') return;
      if (obj.plan && Array.isArray(obj.plan.lanes)) plans.push([obj.node_name || label, obj.plan, obj.warning]);
      for (const [k, v] of Object.entries(obj)) {
        if (k === 'plan') continue;
        if (Array.isArray(v)) v.forEach(x => collect(x, label));
        else if (v && typeof v === 'object') collect(v, k);
      }
    };
    collect(answer, answer.node_name || answer.deployment_id);
    for (const [label, plan, warning] of plans) {
      const rows = [];
      plan.lanes.forEach((lane, i) => lane.steps.forEach(step => step.operations.forEach(op => rows.push([
        String(i + 1), String(step.step) + (step.parallel ? ' (parallel)' : ''), op.resource_type, text(op.resource_name),
        h('span', { class: 'mono' }, op.resource_id), text(place(op)), badge(op.ledger_state), h('span', { class: 'mono' }, text(op.request))]))));
      parts.push(h('h3', {}, `${text(label)}: ${plan.total_operations} deletion(s) planned`));
      if (warning) parts.push(message('warn', warning));
      parts.push(table(null, [{ label: 'Lane', num: true }, { label: 'Step' }, { label: 'Type' }, { label: 'Name' },
        { label: 'IBM id' }, { label: 'Account / region' }, { label: 'Ledger' }, { label: 'Request', wrap: true }], rows, { class: 'plan' }));
    }
    return h('div', { id: 'dry-run-plan' }, parts);
  }

  /**
   * A saved plan: its resources, digest and expiry; Apply works only once the plan's short id is typed exactly, and
   * applies exactly those resources (the service refuses a plan that is stale, expired or applied already).
   */
  function savedPlanView(page, plan) {
    const target = plan.target || {};
    const what = target.node_name || target.deployment_id || (target.node_names || []).join(', ');
    const parts = [h('p', {}, `Plan `, h('strong', { class: 'mono', id: 'plan-short-id' }, text(plan.short_id)), ` (`,
      h('span', { class: 'mono' }, text(plan.plan_id)), `) of ${text(target.kind)} ${text(what)}: `,
      h('strong', {}, String(plan.resource_count)), ' resource(s).'),
    h('dl', { class: 'run-head' },
      h('dt', {}, 'Digest'), h('dd', { class: 'mono', id: 'plan-digest' }, text(plan.digest)),
      h('dt', {}, 'Saved'), h('dd', {}, `${time(plan.created_at)} by ${text(plan.requested_by)}`),
      h('dt', {}, 'Expires'), h('dd', { id: 'plan-expires' }, time(plan.expires_at)),
      h('dt', {}, 'State'), h('dd', {}, badge(plan.state)))];
    if (target.force) parts.push(message('warn', 'This plan includes live (deployed or provisioning) nodes.'));
    parts.push(table(null, [{ label: '#', num: true }, { label: 'Type' }, { label: 'Name' }, { label: 'IBM id' }, { label: 'Owner' },
      { label: 'Account / region' }, { label: 'Ledger' }, { label: 'Note', wrap: true }],
    (plan.resources || []).map((r, i) => [String(i + 1), r.resource_type, text(r.resource_name), h('span', { class: 'mono' }, r.resource_id),
      r.node_name || (r.deployment_id ? 'deployment ' + r.deployment_id : '—'), text(place(r)), badge(r.ledger_state), text(r.blocked)]),
    { class: 'plan', id: 'plan-resources' }));
    const outcome = h('div', { id: 'plan-apply-result' });
    if (plan.state === 'applied') {
      parts.push(message('ok', 'Applied by run ', link('#/runs/' + enc(plan.applied_run_id), plan.applied_run_id), '.'));
    } else if (plan.state === 'open') {
      const input = h('input', { type: 'text', id: 'plan-confirm-input', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'plan-confirm-help' });
      const apply = h('button', { type: 'button', id: 'action-apply-plan', class: 'danger', disabled: true }, 'Apply plan');
      input.addEventListener('input', () => { apply.disabled = input.value.trim() !== plan.short_id; });
      apply.addEventListener('click', async () => {
        if (input.value.trim() !== plan.short_id) return;
        apply.disabled = true;
        const r = await api('POST', `/api/plans/${enc(plan.plan_id)}/apply?async=true`);
        if (!current(page)) return;
        if (r.status === 202 && r.json && r.json.run_id) {
          notify('Plan applied: run ' + r.json.run_id);
          location.hash = '#/runs/' + enc(r.json.run_id);
          return;
        }
        const why = [message('bad', errorText(r))];
        const j = r.json || {};
        const changes = [].concat(
          (j.rows_added || []).map(x => `added: ${x.resource_type} ${x.resource_id} of ${x.node_name || 'deployment ' + x.deployment_id}`),
          (j.rows_removed || []).map(x => `removed: ${x.resource_type} ${x.resource_id}`),
          (j.states_changed || []).map(x => `state: ${x.resource_type} ${x.resource_id}: ${x.from} → ${x.to}`),
          (j.ownership_moved || []).map(x => `moved: ${x.resource_type} ${x.resource_id}: ${x.from} → ${x.to}`),
          (j.nodes_changed || []).map(x => `node ${x.node_id}: ${x.from || '—'} → ${x.to || '—'}`));
        if (changes.length) why.push(h('ul', { id: 'plan-changes' }, changes.map(c => h('li', {}, text(c)))));
        if (j.run_id) why.push(h('p', {}, 'The apply is run ', link('#/runs/' + enc(j.run_id), j.run_id), '.'));
        outcome.replaceChildren(...why);
      });
      parts.push(h('p', { id: 'plan-confirm-help' }, 'Applying deletes exactly these resources. Type the plan\'s short id ',
        h('strong', { class: 'mono' }, text(plan.short_id)), ' to enable Apply.'),
      h('div', { class: 'actions' }, h('label', { for: 'plan-confirm-input' }, 'Short id '), input, apply));
    } else {
      parts.push(message('warn', 'This plan expired: save a new one.'));
    }
    parts.push(h('p', { class: 'muted' }, 'Address of this plan: ', link('#/plans/' + enc(plan.plan_id), '#/plans/' + plan.plan_id)), outcome);
    return h('div', { id: 'saved-plan' }, parts);
  }

  async function planPage(page, id) {
    const plan = await get(`/api/plans/${enc(id)}`);
    if (!current(page)) return;
    setPage('Plan ' + plan.short_id, h('h1', {}, 'Plan ' + plan.short_id), savedPlanView(page, plan));
  }

  function validationView(v) {
    const complete = v.cleanup_complete;
    const rows = (v.validation_results || []).map(c => [c.check, badge(c.status), text(c.message)]);
    return h('div', { id: 'validation' },
      message(complete ? 'ok' : 'warn', complete ? 'Cleanup complete: IBM Cloud answers 404 for everything tracked.'
        : 'Not complete: see the checks below.'),
      table(null, [{ label: 'Check' }, { label: 'Status' }, { label: 'Message', wrap: true }], rows));
  }

  /** Where a resource lives, as the answers name it: account / region (no region for a global one). */
  function place(x) {
    return x.account ? x.account + (x.region ? ' / ' + x.region : '') : '—';
  }

  function driftView(page, target, d, result) {
    const parts = [message(d.drift ? 'warn' : 'ok', d.drift ? 'Drift found.' : 'No drift: IBM Cloud holds nothing of this target that is not tracked.')];
    if (!d.complete) parts.push(message('bad', 'The scan was incomplete: ' + (d.errors || []).join('; ')));
    parts.push(h('h3', {}, 'Untracked'), table(null, [{ label: 'Type' }, { label: 'IBM id' }, { label: 'Name' },
      { label: 'Account / region' }, { label: 'Owner' }, { label: 'Evidence', wrap: true }],
    (d.untracked || []).map(u => [u.type, h('span', { class: 'mono' }, u.id), text(u.name), place(u),
      u.node_name || (u.deployment_id ? 'deployment ' + u.deployment_id : '—'),
      (u.evidence || []).join('; ')])));
    parts.push(h('h3', {}, 'Missing (tracked, IBM answers 404)'), table(null, [{ label: 'Type' }, { label: 'IBM id' }, { label: 'Name' },
      { label: 'Account / region' }],
      (d.missing || []).map(m => [m.type, h('span', { class: 'mono' }, m.id), text(m.name), place(m)])));
    const owner = (x) => x.node_name || (x.deployment_id ? 'deployment ' + x.deployment_id : '—');
    parts.push(h('h3', {}, 'Ambiguous (never adopted)'), table(null, [{ label: 'Type' }, { label: 'IBM id' }, { label: 'Name' },
      { label: 'Account / region' }, { label: 'Claimants', wrap: true }],
    (d.ambiguous || []).map(a => [a.type, h('span', { class: 'mono' }, a.id), text(a.name), place(a),
      (a.claimants || []).map(c => `${owner(c)}: ${(c.evidence || []).join('; ')}`).join(' | ')])));
    if (d.scanned) {
      parts.push(h('p', { class: 'muted' }, `Scanned ${d.scanned.list_calls} list call(s), ${d.scanned.lookups} lookup(s) in ${d.scanned.duration_ms} ms.`));
    }
    const ids = (d.untracked || []).map(u => u.id);
    if (d.complete && ids.length) {
      parts.push(h('button', {
        type: 'button', id: 'action-adopt', onclick: async () => {
          const ok = await confirmDialog({
            title: `Adopt ${ids.length} resource(s)?`,
            body: [h('p', {}, `They will be tracked under ${target.label} and deleted by its next cleanup. Only the ids shown are adopted.`)],
            expected: target.id, okLabel: 'Adopt',
          });
          if (!ok) return;
          const r = await api('POST', `/api/cleanup/drift/${target.kind}/${enc(target.id)}/adopt`, { body: { ids } });
          if (!current(page)) return;
          const answer = message(r.ok ? 'ok' : 'bad', r.ok ? text(r.json && r.json.message) : errorText(r));
          answer.id = 'adopt-result';
          result.append(answer);
        },
      }, `Adopt the ${ids.length} untracked shown…`));
    }
    return h('div', { id: 'drift-report' }, parts);
  }

  /** A modal confirmation; with expected set, the OK button works only once exactly that is typed. */
  function confirmDialog({ title, body, expected, okLabel }) {
    const dialog = document.getElementById('confirm-dialog');
    const input = document.getElementById('confirm-input');
    const ok = document.getElementById('confirm-ok');
    document.getElementById('confirm-title').textContent = title;
    document.getElementById('confirm-body').replaceChildren(...body.filter(Boolean));
    document.getElementById('confirm-typed').hidden = !expected;
    document.getElementById('confirm-expected').textContent = expected || '';
    ok.textContent = okLabel || 'OK';
    input.value = '';
    const check = () => { ok.disabled = !!expected && input.value !== expected; };
    input.addEventListener('input', check);
    check();
    return new Promise(resolve => {
      dialog.addEventListener('close', () => {
        input.removeEventListener('input', check);
        resolve(dialog.returnValue === 'ok' && (!expected || input.value === expected));
      }, { once: true });
      dialog.returnValue = '';
      dialog.showModal();
      (expected ? input : document.getElementById('confirm-cancel')).focus();
    });
  }

  // ---- runs --------------------------------------------------------------------------------------------------------

  const RUN_STATES = ['', 'accepted', 'running', 'completed', 'partial', 'failed', 'abandoned'];

  async function runsPage(page) {
    const stateFilter = page.params.get('state') || '';
    const kind = page.params.get('kind') || '';
    const form = h('form', {
      class: 'filters', onsubmit: (e) => {
        e.preventDefault();
        const p = new URLSearchParams();
        const f = new FormData(e.target);
        for (const [k, v] of f.entries()) if (v) p.set(k, v);
        location.hash = '#/runs' + (p.toString() ? '?' + p : '');
      },
    },
    h('label', {}, 'State', h('select', { name: 'state' }, RUN_STATES.map(s => h('option', { value: s, selected: s === stateFilter }, s || 'any')))),
    h('label', {}, 'Kind', h('input', { name: 'kind', value: kind, placeholder: 'node, deployment, batch…' })),
    h('button', { type: 'submit' }, 'Apply'));
    const list = h('div', {});
    setPage('Runs', h('h1', {}, 'Runs'), form, list);
    const query = new URLSearchParams({ limit: '100' });
    if (stateFilter) query.set('state', stateFilter);
    if (kind) query.set('kind', kind);
    await every(page, 2000, async () => {
      const runs = await get('/api/cleanup/runs?' + query);
      if (!current(page)) return false;
      refresh(list, runsTable(runs.runs));
    });
  }

  async function runPage(page, id) {
    const head = h('dl', { class: 'run-head' });
    const bar = h('div', { class: 'big-progress', id: 'run-progress' });
    const live = h('p', { 'aria-live': 'polite', id: 'run-state', class: 'muted' });
    const summary = h('div', { id: 'run-summary' });
    setPage('Run ' + id, h('p', { class: 'crumbs' }, link('#/runs', 'Runs'), ' /'),
      h('h1', {}, 'Run ', h('span', { class: 'mono' }, id.slice(0, 8))), bar, live, head, reportButtons(page, id), summary);
    let shownState = null;
    await every(page, 1000, async () => {
      const run = await get('/api/cleanup/runs/' + enc(id));
      if (!current(page)) return false;
      refresh(bar, progress(run.progress, true, run.state), badge(runState(run)));
      if (run.state !== shownState) live.textContent = `State: ${runState(run)}`;
      shownState = run.state;
      const item = (label, value) => [h('dt', {}, label), h('dd', {}, value)];
      refresh(head,
        ...item('Kind', run.kind + (run.dry_run ? ' (dry run)' : '') + (run.force ? ', forced' : '')),
        ...item('Target', targetLink(run)),
        ...item('Trigger', text(run.trigger)),
        ...item('Created', time(run.created_at)),
        ...item('Started', time(run.started_at)),
        ...item('Finished', time(run.finished_at)),
        ...item('Duration', duration(run)),
        ...item('HTTP status', text(run.http_status)),
        ...item('Error', h('span', { class: run.error ? 'error' : '' }, text(run.error))),
        ...item('Parent run', run.parent_run_id ? link('#/runs/' + enc(run.parent_run_id), run.parent_run_id) : '—'));
      if (FINISHED.has(run.state)) {
        await showSummary(page, run, summary);
        return false;
      }
      return true;
    });
  }

  /**
   * A run's report (one line per resource of the run and its children) as a file. The API may need the bearer token,
   * which a plain link cannot send: the report is fetched with it and saved from a Blob.
   */
  function reportButtons(page, id) {
    const status = h('span', { id: 'run-report-status', 'aria-live': 'polite' });
    const download = (format) => async () => {
      status.replaceChildren(h('span', { class: 'muted' }, 'Downloading…'));
      try {
        const r = await api('GET', `/api/cleanup/runs/${enc(id)}/report?format=${format}`,
          { accept: format === 'csv' ? 'text/csv' : 'application/json', blob: true });
        if (!r.ok) throw new ApiError(r.status, errorText(r), r.json);
        const file = `run-${id.replace(/[^A-Za-z0-9-]/g, '_')}.${format}`;
        const blobUrl = URL.createObjectURL(r.blob);
        const a = h('a', { href: blobUrl, download: file });
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(blobUrl), 60000);
        if (current(page)) status.replaceChildren(message('ok', `Report ${file} downloaded.`));
      } catch (err) {
        if (current(page)) status.replaceChildren(message('bad', err.message));
      }
    };
    return h('div', { class: 'actions', role: 'group', 'aria-label': 'Report of this run' },
      h('button', { type: 'button', id: 'run-report-csv', onclick: download('csv') }, 'Download report (CSV)'),
      h('button', { type: 'button', id: 'run-report-json', onclick: download('json') }, 'Download report (JSON)'),
      status);
  }

  async function showSummary(page, run, container) {
    const s = run.summary || {};
    const parts = [h('h2', {}, 'Summary')];
    if (s.message) parts.push(message(run.state === 'completed' ? 'ok' : 'warn', s.message));
    const counts = s.summary && typeof s.summary === 'object' ? Object.entries(s.summary) : [];
    if (counts.length) parts.push(table(null, [{ label: 'Count' }, { label: 'Value', num: true }], counts.map(([k, v]) => [k, text(v)])));
    parts.push(h('h2', {}, 'Operations'));
    const ops = h('div', { id: 'run-operations' });
    parts.push(ops);
    container.replaceChildren(...parts);
    await loadOperations(page, run.run_id, ops, 0);
  }

  async function loadOperations(page, runId, container, after) {
    const r = await get(`/api/cleanup/runs/${enc(runId)}/operations?limit=100&after=${after}`);
    if (!current(page)) return;
    const rows = r.operations.map(o => [String(o.id), o.node_name ? link('#/nodes/' + enc(o.node_name), o.node_name) : '—',
      o.resource_type, text(o.resource_name), h('span', { class: 'mono' }, o.resource_id), text(o.account), text(o.region), badge(o.outcome),
      String(o.attempts), text(o.http_status), o.duration_ms === null ? '—' : o.duration_ms + ' ms', text(o.message)]);
    const t = table(after === 0 ? `Every deletion this run recorded${r.next_after ? ' (first pages)' : ''}` : null,
      [{ label: '#', num: true }, { label: 'Node' }, { label: 'Type' }, { label: 'Name' }, { label: 'IBM id' },
        { label: 'Account' }, { label: 'Region' }, { label: 'Outcome' }, { label: 'Attempts', num: true }, { label: 'HTTP', num: true }, { label: 'Duration', num: true },
        { label: 'Message', wrap: true }], rows, { class: 'operations' });
    container.append(t);
    if (r.next_after) {
      const more = h('button', {
        type: 'button', onclick: async () => {
          more.remove();
          await loadOperations(page, runId, container, r.next_after);
        },
      }, 'Load more operations');
      container.append(more);
    }
  }

  // ---- failures ----------------------------------------------------------------------------------------------------

  async function failuresPage(page) {
    const p = page.params;
    const status = p.get('status') || 'open';
    const form = h('form', {
      class: 'filters', id: 'failure-filters', onsubmit: (e) => {
        e.preventDefault();
        const q = new URLSearchParams();
        for (const [k, v] of new FormData(e.target).entries()) if (v) q.set(k, v.trim());
        location.hash = '#/failures?' + q;
      },
    },
    h('label', {}, 'Status', h('select', { name: 'status' }, ['open', 'resolved', 'superseded', 'all'].map(s => h('option', { value: s, selected: s === status }, s)))),
    h('label', {}, 'Node', h('input', { name: 'node_name', value: p.get('node_name') || '' })),
    h('label', {}, 'Deployment', h('input', { name: 'deployment_id', value: p.get('deployment_id') || '' })),
    h('label', {}, 'Resource type', h('input', { name: 'resource_type', value: p.get('resource_type') || '', placeholder: 'subnet_reserved_ip…' })),
    ...(await placeSelects(p)),
    h('button', { type: 'submit' }, 'Apply'));
    const list = h('div', {});
    const result = h('div', { class: 'result', id: 'retry-result' });
    setPage('Failures', h('h1', {}, 'Failures'), h('p', { class: 'muted' },
      'Deletions that could not succeed (dead letters). Retry re-runs the cleanup of the failure\'s node: what is already gone is not asked again.'),
    form, result, list);
    const query = new URLSearchParams({ status, limit: '200' });
    for (const k of ['node_name', 'deployment_id', 'resource_type', 'account', 'region']) if (p.get(k)) query.set(k, p.get(k));
    const load = async () => {
      const f = await get('/api/cleanup/failures?' + query);
      if (!current(page)) return;
      refresh(list, table(null, [{ label: '#', num: true }, { label: 'Node' }, { label: 'Type' }, { label: 'Resource' },
        { label: 'Account' }, { label: 'Region' }, { label: 'Outcome' }, { label: 'Error', wrap: true }, { label: 'Attempts', num: true }, { label: 'HTTP', num: true },
        { label: 'Created' }, { label: 'Status' }, { label: '' }],
      f.failures.map(x => [String(x.id), x.node_name ? link('#/nodes/' + enc(x.node_name), x.node_name) : text(x.deployment_id),
        x.resource_type, h('span', {}, text(x.resource_name), h('br', {}), h('span', { class: 'mono muted' }, x.resource_id)),
        text(x.account), text(x.region), badge(x.outcome), text(x.error), String(x.attempts), text(x.last_http_status), time(x.created_at), badge(x.status),
        x.status === 'open' ? h('button', { type: 'button', class: 'primary', 'data-failure': x.id, onclick: () => retry(x) }, 'Retry') : '']),
      { id: 'failures-table' }));
    };
    const retry = async (failure) => {
      result.replaceChildren(h('p', { class: 'muted' }, `Retrying failure ${failure.id}…`));
      try {
        const r = await api('POST', `/api/cleanup/failures/${enc(failure.id)}/retry`);
        if (!current(page)) return;
        const runId = r.json && r.json.run_id;
        result.replaceChildren(message(r.ok ? 'ok' : 'bad', r.ok ? text(r.json && r.json.message) : errorText(r),
          runId ? h('span', {}, ' ', link('#/runs/' + enc(runId), 'See the run')) : null));
      } catch (err) {
        result.replaceChildren(message('bad', err.message));
      }
      await load();
    };
    await every(page, 5000, load);
  }

  // ---- notifications -----------------------------------------------------------------------------------------------

  /** Webhook deliveries; failing ones by default: they are still retried, and someone should look at the receiver. */
  async function notificationsPage(page) {
    const state = page.params.get('state') || 'failing';
    const form = h('form', {
      class: 'filters', id: 'notification-filters', onsubmit: (e) => {
        e.preventDefault();
        location.hash = '#/notifications?' + new URLSearchParams({ state: new FormData(e.target).get('state') });
      },
    },
    h('label', {}, 'State', h('select', { name: 'state' }, ['failing', 'pending', 'delivered', 'all'].map(s => h('option', { value: s, selected: s === state }, s)))),
    h('button', { type: 'submit' }, 'Apply'));
    const summary = h('p', { class: 'muted', id: 'notifications-failing' });
    const list = h('div', {});
    setPage('Notifications', h('h1', {}, 'Notifications'), h('p', { class: 'muted' },
      'Webhook deliveries of what needs a person (runs not completed, dead letters, disputes, guard refusals, scheduled sweeps). '
      + 'A failing delivery is still retried, at the longest backoff, until its receiver answers.'),
    form, summary, list);
    await every(page, 5000, async () => {
      const n = await get('/api/notifications?' + new URLSearchParams({ state, limit: '200' }));
      if (!current(page)) return false;
      summary.textContent = n.failing + ' deliver' + (n.failing === 1 ? 'y' : 'ies') + ' failing';
      refresh(list, table(null, [{ label: '#', num: true }, { label: 'Event' }, { label: 'Webhook', wrap: true }, { label: 'State' },
        { label: 'Attempts', num: true }, { label: 'Last status', num: true }, { label: 'Last error', wrap: true },
        { label: 'Occurred' }, { label: 'Next attempt' }, { label: 'Delivered' }],
      n.notifications.map(d => [String(d.id), h('span', {}, d.event_type, h('br', {}), h('span', { class: 'mono muted' }, d.event_id)),
        text(d.webhook), badge(d.state), String(d.attempts), text(d.last_status), text(d.last_error), time(d.occurred_at),
        time(d.next_attempt_at), time(d.delivered_at)]),
      { id: 'notifications-table' }));
    });
  }

  // ---- start -------------------------------------------------------------------------------------------------------

  document.getElementById('token-button').addEventListener('click', () => { askToken(); });
  window.addEventListener('hashchange', () => {
    render();
    document.getElementById('main').focus({ preventScroll: true });
  });
  render();
})();

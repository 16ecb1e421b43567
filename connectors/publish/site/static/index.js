/* budgetcheck index page: loads the index shards, then sorts, filters and searches them.
 * Every value is put into the page with textContent, never as HTML: records hold text taken
 * from uploaded files. Links are only ever our own relative page paths. */
(function () {
  'use strict';
  var PAGE_SIZE = 200;
  var SAFE_PATH = /^[A-Za-z0-9._\-\/]+$/;
  var records = {};
  var all = [];
  var state = { key: 'validated_at', dir: -1, page: 0 };
  var body = document.body;
  /* status → Chinese label, written into the page from disclosure.report.Status (one definition) */
  var STATUS = JSON.parse(body.getAttribute('data-status') || '{}');
  var COUNTED = ['passed', 'failed', 'partial', 'unreadable'];
  var shards = parseInt(body.getAttribute('data-shards'), 10) || 0;
  var pending = shards;

  window.BC_SHARD = function (name, list) {
    if (!Array.isArray(list)) { return; }
    for (var i = 0; i < list.length; i++) {
      var r = list[i];
      if (r && typeof r.id === 'string') { records[r.id] = r; }
    }
  };

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }

  function pad(n) { return n < 10 ? '0' + n : String(n); }
  function localTime(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) { return String(iso || ''); }
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' +
      pad(d.getHours()) + ':' + pad(d.getMinutes());
  }

  function fillSelect(id, values) {
    var sel = document.getElementById(id);
    values.forEach(function (v) { var o = el('option', v); o.value = v; sel.appendChild(o); });
  }

  function compare(a, b) {
    var x = a[state.key], y = b[state.key];
    if (x === null || x === undefined) { x = ''; }
    if (y === null || y === undefined) { y = ''; }
    var c = (typeof x === 'number' && typeof y === 'number') ? x - y : String(x).localeCompare(String(y), 'zh-CN');
    return c * state.dir || String(a.id).localeCompare(String(b.id));
  }

  function matches(r) {
    var q = document.getElementById('q').value.trim().toLowerCase();
    var st = document.getElementById('f-status').value;
    var dep = document.getElementById('f-department').value;
    var yr = document.getElementById('f-year').value;
    if (st && r.status !== st) { return false; }
    if (dep && r.department !== dep) { return false; }
    if (yr && String(r.year) !== yr) { return false; }
    if (q) {
      var hay = [r.department, r.code, r.source, r.upload, r.kind, r.year].join(' ').toLowerCase();
      if (hay.indexOf(q) < 0) { return false; }
    }
    return true;
  }

  function link(text, href) {
    if (typeof href === 'string' && SAFE_PATH.test(href) && href.indexOf('..') < 0) {
      var a = el('a', text);
      a.setAttribute('href', href);
      return a;
    }
    return el('span', text);
  }

  function row(r) {
    var tr = document.createElement('tr');
    tr.className = 'row-' + (STATUS[r.status] ? r.status : 'unknown');
    var dep = el('td');
    dep.appendChild(link(r.department || '（未读出部门名称）', r.page));
    tr.appendChild(dep);
    tr.appendChild(el('td', r.code || ''));
    tr.appendChild(el('td', r.year === null || r.year === undefined ? '' : r.year));
    tr.appendChild(el('td', r.kind || ''));
    var src = el('td');
    src.appendChild(el('span', r.source || ''));
    if (r.error) { src.appendChild(el('div', r.error, 'error-text')); }
    tr.appendChild(src);
    var st = el('td');
    st.appendChild(el('span', STATUS[r.status] || r.status || '', 'status status-' + (STATUS[r.status] ? r.status : 'unknown')));
    tr.appendChild(st);
    tr.appendChild(el('td', r.errors || 0, 'num' + (r.errors ? ' n-error' : '')));
    tr.appendChild(el('td', r.warnings || 0, 'num' + (r.warnings ? ' n-warning' : '')));
    var t = el('td');
    var time = el('time', localTime(r.validated_at));
    time.setAttribute('datetime', String(r.validated_at || ''));
    t.appendChild(time);
    tr.appendChild(t);
    return tr;
  }

  function render() {
    var shown = all.filter(matches).sort(compare);
    var pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
    if (state.page >= pages) { state.page = pages - 1; }
    var tbody = document.getElementById('rows');
    while (tbody.firstChild) { tbody.removeChild(tbody.firstChild); }
    var frag = document.createDocumentFragment();
    shown.slice(state.page * PAGE_SIZE, (state.page + 1) * PAGE_SIZE).forEach(function (r) { frag.appendChild(row(r)); });
    tbody.appendChild(frag);
    document.getElementById('empty').hidden = shown.length > 0;
    var counts = {};
    COUNTED.forEach(function (s) { counts[s] = 0; });
    all.forEach(function (r) { if (counts[r.status] !== undefined) { counts[r.status]++; } });
    var totals = document.getElementById('totals');
    while (totals.firstChild) { totals.removeChild(totals.firstChild); }
    totals.appendChild(el('span', '共 ' + all.length + ' 份，显示 ' + shown.length + ' 份'));
    COUNTED.forEach(function (s) { totals.appendChild(el('span', STATUS[s] + ' ' + counts[s], 'status status-' + s)); });
    var pager = document.getElementById('pager');
    while (pager.firstChild) { pager.removeChild(pager.firstChild); }
    if (pages > 1) {
      var prev = el('button', '上一页'); prev.disabled = state.page === 0;
      prev.addEventListener('click', function () { state.page--; render(); });
      var next = el('button', '下一页'); next.disabled = state.page >= pages - 1;
      next.addEventListener('click', function () { state.page++; render(); });
      pager.appendChild(prev); pager.appendChild(el('span', '第 ' + (state.page + 1) + ' / ' + pages + ' 页 ')); pager.appendChild(next);
    }
    var ths = document.querySelectorAll('#index-table th');
    for (var i = 0; i < ths.length; i++) {
      var k = ths[i].getAttribute('data-key');
      ths[i].className = k === state.key ? (state.dir > 0 ? 'sorted-asc' : 'sorted-desc') : '';
    }
    body.setAttribute('data-loaded', String(all.length));
  }

  function ready() {
    all = Object.keys(records).map(function (k) { return records[k]; });
    var deps = {}, years = {};
    all.forEach(function (r) { if (r.department) { deps[r.department] = 1; } if (r.year) { years[r.year] = 1; } });
    fillSelect('f-department', Object.keys(deps).sort(function (a, b) { return a.localeCompare(b, 'zh-CN'); }));
    fillSelect('f-year', Object.keys(years).sort().reverse());
    applyHash();
    ['q', 'f-status', 'f-department', 'f-year'].forEach(function (id) {
      var e = document.getElementById(id);
      e.addEventListener(id === 'q' ? 'input' : 'change', function () { state.page = 0; render(); });
    });
    var ths = document.querySelectorAll('#index-table th');
    for (var i = 0; i < ths.length; i++) {
      ths[i].addEventListener('click', function (ev) {
        var k = ev.currentTarget.getAttribute('data-key');
        if (state.key === k) { state.dir = -state.dir; } else { state.key = k; state.dir = 1; }
        render();
      });
    }
    render();
  }

  /* index.html#status=failed&year=2022&q=人社 opens the index already filtered (a link to share). */
  function applyHash() {
    var ids = { q: 'q', status: 'f-status', department: 'f-department', year: 'f-year' };
    var parts = (window.location.hash || '').replace(/^#/, '').split('&');
    for (var i = 0; i < parts.length; i++) {
      var kv = parts[i].split('=');
      if (kv.length !== 2 || !ids[kv[0]]) { continue; }
      var value;
      try { value = decodeURIComponent(kv[1].replace(/\+/g, ' ')); } catch (e) { continue; }
      document.getElementById(ids[kv[0]]).value = value;
    }
  }

  function done() { pending--; if (pending === 0) { ready(); } }

  if (shards <= 0) { ready(); return; }
  for (var s = 0; s < shards; s++) {
    var sc = document.createElement('script');
    sc.src = 'index-data/shard-' + pad(s) + '.js';
    sc.async = false;
    sc.onload = done;
    sc.onerror = done;
    document.body.appendChild(sc);
  }
}());

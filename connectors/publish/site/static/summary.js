/* budgetcheck season summary: one row per disclosure from the index shards (records carry the
 * checklist's rows and verdicts). Every value goes in with textContent; links are our own paths. */
(function () {
  'use strict';
  var STATUS = { passed: '通过', failed: '未通过', partial: '部分核对', unreadable: '无法读取', withdrawn: '已撤回' };
  var SAFE_PATH = /^[A-Za-z0-9._\-\/%]+$/;
  var records = {};
  var shards = parseInt(document.body.getAttribute('data-shards'), 10) || 0;
  var pending = shards;
  window.BC_SHARD = function (name, list) {
    if (!Array.isArray(list)) { return; }
    list.forEach(function (r) { if (r && typeof r.id === 'string') { records[r.id] = r; } });
  };
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function kindOf(r) { return /决算/.test(r.kind || '') ? '决算' : '预算'; }
  function render() {
    var yr = document.getElementById('s-year').value, kd = document.getElementById('s-kind').value;
    var all = Object.keys(records).map(function (k) { return records[k]; }).filter(function (r) {
      return (!yr || String(r.year) === yr) && (!kd || kindOf(r) === kd);
    });
    all.sort(function (a, b) { return String(a.department).localeCompare(String(b.department), 'zh-CN'); });
    var keys = [], names = {};  // one column per row of the form (a 决算's words beside a 预算's)
    all.forEach(function (r) { (r.checklist || []).forEach(function (p, i) {
      var k = p[2] || p[0];
      if (keys.indexOf(k) < 0) { keys.splice(Math.min(i, keys.length), 0, k); names[k] = []; }
      var l = String(p[0]).replace('单位', '部门');
      if (names[k].indexOf(l) < 0) { names[k].push(l); } }); });
    var head = document.getElementById('s-head');
    head.textContent = '';
    ['部门', '年度', '类别', '状态'].concat(keys.map(function (k) { return names[k].join('／'); }),
      ['错误', '警告', '检查表']).forEach(function (h) { head.appendChild(el('th', h)); });
    var body = document.getElementById('s-rows');
    body.textContent = '';
    all.forEach(function (r) {
      var tr = el('tr');
      var name = el('td');
      if (typeof r.page === 'string' && SAFE_PATH.test(r.page)) {
        var a = el('a', r.department || r.source); a.href = r.page; name.appendChild(a);
      } else { name.textContent = r.department || r.source; }
      name.style.minWidth = '14em';
      tr.appendChild(name);
      tr.appendChild(el('td', r.year));
      tr.appendChild(el('td', r.kind));
      tr.appendChild(el('td', STATUS[r.status] || r.status, 'status status-' + r.status));
      var v = {};
      (r.checklist || []).forEach(function (p) { v[p[2] || p[0]] = p[1]; });
      keys.forEach(function (k) {
        var x = v[k] || '';
        tr.appendChild(el('td', x, x === '否' ? 'v-no' : x === '是' ? 'v-yes' : 'v-other'));
      });
      tr.appendChild(el('td', r.errors));
      tr.appendChild(el('td', r.warnings));
      var ck = el('td');
      if (typeof r.checklist_file === 'string' && SAFE_PATH.test(encodeURI(r.checklist_file))) {
        var l = el('a', '下载'); l.href = '../' + encodeURI(r.checklist_file); ck.appendChild(l);
      }
      tr.appendChild(ck);
      body.appendChild(tr);
    });
    document.getElementById('s-totals').textContent = '共 ' + all.length + ' 份';
  }
  function ready() {
    var years = {};
    Object.keys(records).forEach(function (k) { if (records[k].year) { years[records[k].year] = 1; } });
    var sel = document.getElementById('s-year');
    Object.keys(years).sort().reverse().forEach(function (y) { var o = el('option', y); o.value = y; sel.appendChild(o); });
    ['s-year', 's-kind'].forEach(function (id) { document.getElementById(id).addEventListener('change', render); });
    render();
  }
  function loaded() { pending -= 1; if (pending <= 0) { ready(); } }
  if (!shards) { ready(); return; }
  for (var i = 0; i < shards; i++) {
    var s = document.createElement('script');
    s.src = 'index-data/shard-' + (i < 10 ? '0' + i : String(i)) + '.js';
    s.onload = loaded; s.onerror = loaded;
    document.body.appendChild(s);
  }
}());

/* ReelShift: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }

  /* Copy a private link. */
  $all("[data-copy]").forEach(function (btn) {
    var input = document.getElementById(btn.getAttribute("data-copy"));
    if (!input || !navigator.clipboard) { return; }
    btn.hidden = false;
    btn.addEventListener("click", function () {
      navigator.clipboard.writeText(input.value).then(function () {
        btn.textContent = "Copied";
        setTimeout(function () { btn.textContent = "Copy link"; }, 2000);
      });
    });
  });
  $all("input[readonly]").forEach(function (input) {
    input.addEventListener("focus", function () { input.select(); });
  });

  /* Ask before destructive actions. */
  $all("[data-confirm]").forEach(function (btn) {
    btn.addEventListener("click", function (event) {
      if (!window.confirm(btn.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });

  /* Selects that reload their form when changed. */
  $all("[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      var form = select.form;
      if (!form || !select.value) { return; }
      if (select.getAttribute("data-autosubmit") === "refresh") {
        var action = document.createElement("input");
        action.type = "hidden"; action.name = "action"; action.value = "refresh";
        form.appendChild(action);
        form.action = "/start";
      }
      form.submit();
    });
  });

  /* Questionnaire: live total of task shares; level changes reset the typical shares. */
  var questionnaire = $("#questionnaire");
  if (questionnaire) {
    var total = $("#share-total");
    var rows = $all("tr[data-shares]", questionnaire);
    var recompute = function () {
      var sum = 0;
      rows.forEach(function (row) {
        var box = $("input[type=checkbox]", row);
        var share = $("input[type=number]", row);
        share.disabled = false;
        row.classList.toggle("muted", !box.checked);
        if (box.checked) { sum += parseFloat(share.value) || 0; }
      });
      if (total) {
        total.textContent = Math.round(sum) + "%" + (Math.round(sum) === 100 ? "" : " (scaled to 100%)");
        total.classList.toggle("off", Math.round(sum) !== 100);
      }
    };
    rows.forEach(function (row) {
      $all("input", row).forEach(function (input) {
        input.addEventListener("input", recompute);
        input.addEventListener("change", recompute);
      });
      var share = $("input[type=number]", row);
      var box = $("input[type=checkbox]", row);
      share.addEventListener("input", function () {
        if ((parseFloat(share.value) || 0) > 0) { box.checked = true; }
      });
    });
    $all("input[name=seniority]", questionnaire).forEach(function (radio) {
      radio.addEventListener("change", function () {
        rows.forEach(function (row) {
          var defaults = JSON.parse(row.getAttribute("data-shares"));
          var value = defaults[radio.value] || 0;
          $("input[type=number]", row).value = value;
          $("input[type=checkbox]", row).checked = value > 0;
        });
        recompute();
      });
    });
    recompute();
    var errors = $("#form-errors");
    if (errors) { errors.focus(); }
  }

  /* Industry table: sort and filter in place. */
  var table = $("#industry-table");
  if (table) {
    var tbody = table.tBodies[0];
    var dataRows = $all("tr[data-role]", tbody);
    var deptRows = $all("tr.dept-row", tbody);
    var count = $("#row-count");
    var attr = {
      title: "data-title", department: "data-department", category: "data-category",
      exposure_now: "data-exposure-now", exposure_5y: "data-exposure-5y", automation_5y: "data-automation-5y",
      people: "data-people"
    };
    var catOrder = { high_risk: 0, adaptive: 1, resilient: 2 };
    var sortBy = function (key, dir) {
      var numeric = /exposure|automation|people/.test(key);
      var value = function (row) {
        if (key === "category") { return catOrder[row.getAttribute(attr.category)] * 10 - parseFloat(row.getAttribute(attr.automation_5y)); }
        var v = row.getAttribute(attr[key]);
        return numeric ? parseFloat(v) : v.toLowerCase();
      };
      var sorted = dataRows.slice().sort(function (a, b) {
        var x = value(a), y = value(b);
        var c = x < y ? -1 : (x > y ? 1 : 0);
        if (c === 0) { c = a.getAttribute(attr.title) < b.getAttribute(attr.title) ? -1 : 1; }
        return dir === "desc" ? -c : c;
      });
      deptRows.forEach(function (r) { r.hidden = true; });
      sorted.forEach(function (r) { tbody.appendChild(r); });
      $all("thead th", table).forEach(function (th) {
        var k = th.getAttribute("data-key");
        th.setAttribute("aria-sort", k === key ? (dir === "asc" ? "ascending" : "descending") : "none");
      });
      table.setAttribute("data-sort", key);
      table.setAttribute("data-dir", dir);
      var url = new URL(window.location.href);
      url.searchParams.set("sort", key);
      url.searchParams.set("dir", dir);
      window.history.replaceState(null, "", url.toString());
      var form = $("#industry-filters");
      if (form) { form.elements.sort.value = key; form.elements.dir.value = dir; }
    };
    $all("thead th a.sort", table).forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var th = link.closest("th");
        var key = th.getAttribute("data-key");
        var numeric = th.getAttribute("data-numeric") === "true";
        var current = table.getAttribute("data-sort");
        var dir = key === current
          ? (table.getAttribute("data-dir") === "asc" ? "desc" : "asc")
          : (numeric ? "desc" : "asc");
        sortBy(key, dir);
      });
    });
    var filters = $("#industry-filters");
    if (filters) {
      var apply = function () {
        var q = (filters.elements.q.value || "").trim().toLowerCase();
        var dept = filters.elements.department.value;
        var cat = filters.elements.category.value;
        var shown = 0;
        dataRows.forEach(function (row) {
          var text = (row.getAttribute("data-title") + " " + row.getAttribute("data-role") + " " + row.getAttribute("data-department")).toLowerCase();
          var ok = (!q || text.indexOf(q) >= 0) && (!dept || row.getAttribute("data-dept") === dept) && (!cat || row.getAttribute("data-category") === cat);
          row.hidden = !ok;
          if (ok) { shown += 1; }
        });
        deptRows.forEach(function (r) { r.hidden = Boolean(q || dept || cat) || table.getAttribute("data-sort") !== "department"; });
        if (count) { count.textContent = shown + " of " + dataRows.length + " roles"; }
      };
      var serverFiltered = dataRows.length < parseInt(table.getAttribute("data-total"), 10);
      ["q", "department", "category"].forEach(function (name) {
        var el = filters.elements[name];
        if (serverFiltered) {
          if (el.tagName === "SELECT") { el.addEventListener("change", function () { filters.submit(); }); }
          return;
        }
        el.addEventListener(el.tagName === "SELECT" ? "change" : "input", apply);
      });
    }
  }

  /* Links to evidence inside closed <details> open them. */
  var openTarget = function () {
    if (!window.location.hash) { return; }
    var el = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    while (el) {
      if (el.tagName === "DETAILS") { el.open = true; }
      el = el.parentElement;
    }
  };
  window.addEventListener("hashchange", openTarget);
  openTarget();
})();

// Priorities (PMs): drag a backlog row by its handle to another place of the work order (SortableJS), keep the
// keyboard on the moved row after Move up / Move down, and say why when the server refuses a move.
(function () {
  "use strict";

  var undo = null; // the row a drag moved, and where it was, until the server has answered

  function places(body) {
    return Array.prototype.map.call(body.rows, function (row) { return Number(row.dataset.place); });
  }

  function wire(root) {
    var body = root.querySelector("tbody[data-order-url]");
    if (!body || body.dataset.sortable || typeof window.Sortable === "undefined") return;
    body.dataset.sortable = "1";
    body.closest("table").classList.add("can-drag");
    var before = [];
    window.Sortable.create(body, {
      handle: ".drag-handle",
      draggable: "tr",
      forceFallback: true, // pointer events, the same for mouse, pen and touch
      animation: 120,
      onStart: function () { before = places(body); },
      onEnd: function (event) {
        if (event.oldIndex === event.newIndex) return;
        var row = event.item;
        undo = { row: row, body: body, index: event.oldIndex };
        // The moved row takes the place of the row that stood where it was dropped.
        window.htmx.ajax("POST", body.dataset.orderUrl, {
          source: row,
          target: "#panel",
          swap: "outerHTML",
          values: { feature: row.dataset.feature, to: before[event.newIndex], via: "drag" },
        });
      },
    });
  }

  function putBack() {
    if (!undo) return;
    var rows = Array.prototype.filter.call(undo.body.rows, function (r) { return r !== undo.row; });
    undo.body.insertBefore(undo.row, rows[undo.index] || null);
    undo = null;
  }

  function refocus() {
    var panel = document.getElementById("panel");
    var dir = panel && panel.dataset.focusDir;
    if (!dir || dir === "handle") return;
    var row = document.getElementById("feature-" + panel.dataset.focusFeature);
    if (!row) return;
    var button = row.querySelector('.order-move[data-dir="' + dir + '"]');
    if (!button || button.disabled) button = row.querySelector(".order-move:not([disabled])");
    if (button) button.focus();
  }

  // A refused move (400) says why in the status line above the table, and a dragged row goes back.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    var status = document.getElementById("order-status");
    if (xhr.status !== 400 || !status || !/\/priorities\/order\/$/.test(event.detail.pathInfo.requestPath)) return;
    event.detail.shouldSwap = true;
    event.detail.isError = false;
    event.detail.target = status;
    putBack();
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (!event.detail.successful && event.detail.xhr && event.detail.xhr.status !== 400) putBack();
  });

  document.addEventListener("DOMContentLoaded", function () { wire(document); });
  document.addEventListener("htmx:afterSettle", function () { undo = null; wire(document); refocus(); });
})();

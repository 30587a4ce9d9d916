// Draws the Plotly figures that pages ship in data-figure-json attributes, on load and after every htmx swap.
(function () {
  "use strict";

  // Plotly loads async (the page does not wait for it); its locale, when the page asks for one, after it.
  var plotlyWaiting = false;
  function whenPlotly(callback) {
    var tag = document.getElementById("plotly-js");
    if (!tag) return;
    var localeSrc = tag.dataset.localeSrc;
    function withLocale() {
      if (!localeSrc || tag.dataset.localeLoaded) return callback();
      var locale = document.createElement("script");
      locale.src = localeSrc;
      locale.addEventListener("load", function () { tag.dataset.localeLoaded = "1"; callback(); });
      locale.addEventListener("error", function () { tag.dataset.localeLoaded = "failed"; callback(); });
      document.head.appendChild(locale);
    }
    if (typeof window.Plotly !== "undefined") return withLocale();
    if (plotlyWaiting) return;
    plotlyWaiting = true;
    tag.addEventListener("load", function () { plotlyWaiting = false; withLocale(); });
  }

  function drawCharts(root) {
    if (!root.querySelector("[data-figure-json]:not([data-drawn])")) return;
    var tag = document.getElementById("plotly-js");
    if (typeof window.Plotly === "undefined" || (tag && tag.dataset.localeSrc && !tag.dataset.localeLoaded)) {
      return whenPlotly(function () { drawCharts(document); });
    }
    root.querySelectorAll("[data-figure-json]:not([data-drawn])").forEach(function (el) {
      var figure = JSON.parse(el.dataset.figureJson);
      el.dataset.drawn = "1";
      var config = Object.assign({ displaylogo: false, responsive: true }, figure.config || {});
      if (document.documentElement.lang === "zh-hans") config.locale = "zh-CN";
      window.Plotly.react(el, figure.data || [], figure.layout || {}, config).then(function () {
        // A point whose customdata is a page of ours (a roadmap bar) opens that page.
        el.on("plotly_click", function (event) {
          var target = event.points && event.points[0] && event.points[0].customdata;
          if (typeof target === "string" && target.charAt(0) === "/") window.location.assign(target);
        });
      });
    });
  }

  // On a phone the main navigation folds behind a "Menu" button.
  function wireNavToggle() {
    var button = document.querySelector(".navtoggle");
    if (!button) return;
    button.addEventListener("click", function () {
      var open = document.body.classList.toggle("nav-open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  document.addEventListener("DOMContentLoaded", function () { drawCharts(document); wireNavToggle(); });
  // The swapped element may have been replaced (outerHTML), so look across the document for new charts.
  document.addEventListener("htmx:afterSettle", function () { drawCharts(document); });
})();

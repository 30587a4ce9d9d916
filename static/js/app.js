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

  // Plotly's zh-CN locale names months "一", "二"…, so a date axis reads "一 2027". Chinese readers expect
  // "2027年1月" and "1月5日": these formats take precedence over the locale's, key by key.
  var ZH_DATES = {
    shortMonths: ["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"],
    year: "%Y年",
    month: "%Y年%-m月",
    dayMonth: "%-m月%-d日",
    dayMonthYear: "%Y年%-m月%-d日"
  };

  var NARROW_PX = 600;

  function merged(base, extra) {
    var out = Object.assign({}, base);
    Object.keys(extra).forEach(function (key) {
      var both = out[key] && typeof out[key] === "object" && typeof extra[key] === "object" && !Array.isArray(extra[key]);
      out[key] = both ? merged(out[key], extra[key]) : extra[key];
    });
    return out;
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
      var layout = figure.layout || {};
      // A figure may say how it reads on a phone (layout.meta.narrow: layout keys merged in when narrow).
      if (layout.meta && layout.meta.narrow && el.clientWidth < NARROW_PX) layout = merged(layout, layout.meta.narrow);
      var config = Object.assign({ displaylogo: false, responsive: true }, figure.config || {});
      if (document.documentElement.lang === "zh-hans") {
        config.locale = "zh-CN";
        config.locales = { "zh-CN": { format: ZH_DATES } };
      }
      window.Plotly.react(el, figure.data || [], layout, config).then(function () {
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

/* Draws every chart of macros/chart.html with Chart.js (self-hosted, see docs/web.md).
   Reads the figures from the JSON script tag named by the canvas; no inline script, so the
   Content-Security-Policy stays strict. Runs on load and after each htmx swap. */
(function () {
  "use strict";

  // Eight colours distinct for the common colour-blindness types (Okabe-Ito, darkened for
  // contrast on white); the data table beside each chart carries the numbers anyway.
  var palette = [
    "#0a4f7a", "#b45309", "#166534", "#7e22ce",
    "#0072b2", "#a2410c", "#007a5e", "#9d2a6e"
  ];

  /* Whole numbers as the server's locale writes them (spec.format, from Babel), so the axis
     reads like the tables even where the browser lacks the Belgian locale data. */
  function formatter(format) {
    return function (value) {
      var sign = value < 0 ? "-" : "";
      var digits = String(Math.round(Math.abs(value)));
      var grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, format.group);
      return sign + format.prefix + grouped + format.suffix;
    };
  }

  function draw(root) {
    if (typeof window.Chart === "undefined") {
      return; /* the table stays visible */
    }
    var lang = document.documentElement.lang || "en";
    root.querySelectorAll("canvas[data-chart-source]").forEach(function (canvas) {
      if (canvas.dataset.chartReady) {
        return;
      }
      var source = document.getElementById(canvas.dataset.chartSource);
      if (!source) {
        return;
      }
      var spec = JSON.parse(source.textContent);
      var format = formatter(spec.format);
      new window.Chart(canvas, {
        type: spec.type,
        data: {
          labels: spec.labels,
          datasets: spec.datasets.map(function (dataset, index) {
            var colour = palette[index % palette.length];
            return {
              label: dataset.label,
              data: dataset.data,
              backgroundColor: colour,
              borderColor: colour
            };
          })
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          locale: lang + "-BE",
          plugins: {
            legend: { display: spec.datasets.length > 1 },
            tooltip: {
              callbacks: {
                label: function (context) {
                  return context.dataset.label + ": " + format(context.parsed.y);
                }
              }
            }
          },
          scales: {
            x: { ticks: { color: "#1f2937" } },
            y: {
              beginAtZero: true,
              ticks: {
                color: "#1f2937",
                // Counts are whole: no 0.5 case on the axis (money keeps its cents).
                precision: spec.unit === "money" ? undefined : 0,
                callback: function (value) {
                  return format(value);
                }
              }
            }
          }
        }
      });
      canvas.dataset.chartReady = "1";
      var figure = canvas.closest("figure");
      if (figure) {
        figure.classList.add("chart-ready");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    draw(document);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    draw(event.target);
  });
})();

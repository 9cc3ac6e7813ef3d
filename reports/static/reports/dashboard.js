// Draws the dashboard's charts from the figures the server already suppressed.
// A hidden figure arrives as null and is drawn as missing, never as the threshold.
(function () {
  "use strict";
  var source = document.getElementById("report-charts");
  if (!source || typeof Chart === "undefined") {
    return;
  }
  var charts = JSON.parse(source.textContent);
  // Okabe-Ito colours: distinguishable with colour-blindness, AA against white for bars.
  var palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
    "#8C564B", "#7F7F7F", "#1F4E79", "#9E2A2B"];
  Chart.defaults.font.size = 13;
  Chart.defaults.color = "#212529";
  Chart.defaults.animation = false;

  charts.forEach(function (chart) {
    var canvas = document.getElementById(chart.id);
    if (!canvas) {
      return;
    }
    var horizontal = chart.type === "rows";
    var datasets = chart.datasets.map(function (dataset, index) {
      return {
        label: dataset.label,
        data: dataset.data,
        backgroundColor: horizontal ? palette[0] : palette[index % palette.length],
        borderWidth: 0
      };
    });
    new Chart(canvas, {
      type: "bar",
      data: { labels: chart.labels, datasets: datasets },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          legend: { display: !horizontal && datasets.length > 1, position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (item) {
                var value = item.raw === null ? "hidden (small number)" : item.raw;
                return item.dataset.label + ": " + value;
              }
            }
          }
        },
        scales: {
          x: { stacked: !horizontal, beginAtZero: true, ticks: { precision: 0 } },
          y: { stacked: !horizontal, beginAtZero: true, ticks: { precision: 0 } }
        }
      }
    });
  });
})();

// The filter: choosing a month switches the range to "Choose months"; choosing a preset clears
// the months, so what the form shows is always what the page counts.
(function () {
  "use strict";
  var preset = document.getElementById("id_preset");
  var months = [document.getElementById("id_first_month"), document.getElementById("id_last_month")];
  if (!preset || !months[0] || !months[1]) {
    return;
  }
  months.forEach(function (select) {
    select.addEventListener("change", function () {
      if (select.value) {
        preset.value = "custom";
      }
    });
  });
  preset.addEventListener("change", function () {
    if (preset.value !== "custom") {
      months.forEach(function (select) { select.value = ""; });
    }
  });
})();

// A printed dashboard holds every unit: the departments folded on screen open before printing.
(function () {
  "use strict";
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.report-group").forEach(function (group) {
      group.open = true;
    });
  });
})();

// Progressive enhancement only: every page works without this file, except that charts need it.
(function () {
  "use strict";
  // Charts: each .chart__plot carries its plotly figure as JSON; bars with a URL open it when clicked.
  if (window.Plotly) {
    document.querySelectorAll(".chart__plot[data-figure]").forEach(function (el) {
      var fig = JSON.parse(el.getAttribute("data-figure"));
      // No toolbar: its buttons would sit inside the chart's role="img"; the table beside it has the figures.
      window.Plotly.newPlot(el, fig.data, fig.layout, { responsive: true, displaylogo: false, displayModeBar: false });
      el.on("plotly_click", function (event) {
        var url = event.points && event.points[0] && event.points[0].customdata;
        if (url) { window.location.href = url; }
      });
    });
  }
  // Error summaries take focus, so screen readers announce them.
  var summary = document.querySelector("[data-autofocus]");
  if (summary) { summary.focus(); }
  // Upload: drag and drop onto the file input, and a progress bar for large uploads.
  var zone = document.querySelector("[data-dropzone]");
  var form = document.getElementById("upload-form");
  if (zone && form) {
    var input = zone.querySelector("input[type=file]");
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (e) { e.preventDefault(); zone.classList.add("dropzone--over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function (e) { e.preventDefault(); zone.classList.remove("dropzone--over"); });
    });
    zone.addEventListener("drop", function (e) { if (e.dataTransfer.files.length) { input.files = e.dataTransfer.files; } });
    form.addEventListener("submit", function (e) {
      if (!window.FormData || !input.files.length) { return; }
      e.preventDefault();
      var box = form.querySelector("[data-progress]");
      var bar = box.querySelector("progress");
      var text = box.querySelector("[data-progress-text]");
      box.hidden = false;
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action || window.location.href);
      xhr.upload.addEventListener("progress", function (ev) {
        if (ev.lengthComputable) { bar.value = Math.round(100 * ev.loaded / ev.total); text.textContent = bar.value + "%"; }
      });
      xhr.addEventListener("load", function () {
        if (xhr.responseURL && xhr.status < 400) { window.location.href = xhr.responseURL; }
        else { document.open(); document.write(xhr.responseText); document.close(); }
      });
      xhr.send(new FormData(form));
    });
  }
})();

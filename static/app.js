// Progressive enhancement only: every page works without this file, except that charts need it.
(function () {
  "use strict";
  // Objects merged into a figure's, key by key (arrays and plain values replaced).
  function merge(into, changes) {
    Object.keys(changes).forEach(function (key) {
      var value = changes[key];
      var isObject = value && typeof value === "object" && !Array.isArray(value);
      if (isObject && into[key] && typeof into[key] === "object" && !Array.isArray(into[key])) {
        merge(into[key], value);
      } else {
        into[key] = value;
      }
    });
  }
  // Charts: each .app-chart__plot carries its plotly figure as JSON; bars with a URL open it when clicked.
  if (window.Plotly) {
    document.querySelectorAll(".app-chart__plot[data-figure]").forEach(function (el) {
      var fig = JSON.parse(el.getAttribute("data-figure"));
      // The map's names are placed not to collide at desktop width: narrower, the dots shrink and the
      // names go (they are in the hover and the tables).
      var narrow = fig.layout.meta && fig.layout.meta.labelsFrom && el.clientWidth < fig.layout.meta.labelsFrom;
      if (narrow) {
        var shrink = Math.max(0.4, el.clientWidth / fig.layout.meta.labelsFrom);
        fig.data.forEach(function (trace) {
          if (trace.mode === "markers+text") {
            trace.mode = "markers";
            trace.marker.size = trace.marker.size.map(function (d) { return d * shrink; });
          }
        });
      }
      // On a phone a chart is drawn its narrow way (tracker/web/charts.py says how): names above bars,
      // months written upwards; a chart that needs more width than the screen scrolls inside its own box.
      var narrowing = fig.layout.meta && fig.layout.meta.narrow;
      if (narrowing && el.clientWidth < narrowing.below) {
        merge(fig.layout, narrowing.layout || {});
        (narrowing.traces || []).forEach(function (changes, i) { if (fig.data[i]) { merge(fig.data[i], changes); } });
        if (narrowing.minWidth && el.clientWidth < narrowing.minWidth) {
          fig.layout.width = narrowing.minWidth;
          fig.layout.autosize = false;
        }
      }
      // No toolbar: its buttons would sit inside the chart's role="img"; the table beside it has the figures.
      window.Plotly.newPlot(el, fig.data, fig.layout, { responsive: true, displaylogo: false, displayModeBar: false });
      el.on("plotly_click", function (event) {
        var url = event.points && event.points[0] && event.points[0].customdata;
        if (url) { window.location.href = url; }
      });
    });
  }
  // Upload: a progress bar while a large upload is sent (GOV.UK Frontend's file upload gives the drop zone).
  var form = document.getElementById("upload-form");
  var input = form && form.querySelector("input[type=file]");
  if (form && input) {
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
      // Sent: the server now reads the files (a large one takes a while); say so, with a moving bar.
      xhr.upload.addEventListener("load", function () {
        box.querySelector("label").textContent = "Uploaded. Reading the files";
        bar.removeAttribute("value");
        text.textContent = "";
      });
      xhr.addEventListener("load", function () {
        if (xhr.responseURL && xhr.status < 400) { window.location.href = xhr.responseURL; }
        else { document.open(); document.write(xhr.responseText); document.close(); }
      });
      xhr.send(new FormData(form));
    });
  }
  // A long list of checkboxes (sixty people) sits in a box of its own height; a filter above it shows only
  // the choices holding what is typed. A ticked choice stays ticked, and is sent, while it is filtered out.
  document.querySelectorAll(".app-checkboxes--long[data-filter]").forEach(function (box, n) {
    var items = Array.prototype.slice.call(box.querySelectorAll(".govuk-checkboxes__item"));
    var group = document.createElement("div");
    group.className = "govuk-form-group app-checkbox-filter";
    var label = document.createElement("label");
    label.className = "govuk-label";
    label.htmlFor = "app-filter-" + n;
    label.textContent = "Filter the list: " + box.getAttribute("data-filter").toLowerCase();
    var input = document.createElement("input");
    input.className = "govuk-input govuk-input--width-20";
    input.id = label.htmlFor;
    input.type = "search";
    input.autocomplete = "off";
    var status = document.createElement("p");
    status.className = "govuk-hint";
    status.setAttribute("aria-live", "polite");
    group.appendChild(label);
    group.appendChild(input);
    group.appendChild(status);
    box.parentNode.insertBefore(group, box);
    function show() {
      var wanted = input.value.trim().toLowerCase();
      var shown = 0;
      items.forEach(function (item) {
        var hit = !wanted || item.textContent.toLowerCase().indexOf(wanted) !== -1;
        item.style.display = hit ? "" : "none";
        shown += hit ? 1 : 0;
      });
      var chosen = box.querySelectorAll("input:checked").length;
      status.textContent = shown + " of " + items.length + " shown, " + chosen + " chosen";
    }
    input.addEventListener("input", show);
    box.addEventListener("change", show);
    input.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); } });
    show();
  });
  // Steps that read whole files before the next page (the preview): say what is happening while it waits.
  document.querySelectorAll("form[data-busy]").forEach(function (busyForm) {
    var status = busyForm.querySelector("[data-busy-status]");
    if (!status) { return; }
    var sent = false;
    busyForm.addEventListener("submit", function (e) {
      if (sent) { e.preventDefault(); return; }  // one read at a time: a second click would start another
      sent = true;
      status.hidden = false;  // shown first, then filled, so screen readers announce the words
      window.setTimeout(function () {
        status.querySelector("[data-busy-text]").textContent = busyForm.getAttribute("data-busy") + "…";
      }, 50);
    });
    // Back to this page from the next one: the read is over.
    window.addEventListener("pageshow", function () {
      sent = false;
      status.hidden = true;
      status.querySelector("[data-busy-text]").textContent = "";
    });
  });
})();

#include "report/html.hpp"

namespace broadside::report {

namespace {

constexpr std::string_view style = R"css(
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #222; }
h1 { font-size: 20px; margin: 0 0 12px; }
table { border-collapse: collapse; margin: 12px 0; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
#charts { display: flex; flex-wrap: wrap; gap: 16px; }
figure { margin: 0; border: 1px solid #ddd; padding: 8px; }
figcaption { font-weight: 600; margin-bottom: 4px; }
svg text { font: 11px system-ui, sans-serif; fill: #444; }
.legend { font-size: 12px; }
.legend span { display: inline-block; margin-right: 12px; }
.legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
#errors { color: #b00; white-space: pre-wrap; }
)css";

// First script of the body: count every error, before anything can fail.
constexpr std::string_view error_hook = R"js(
(function () {
  var body = document.body;
  body.dataset.errors = 0;
  function record(text) {
    body.dataset.errors = Number(body.dataset.errors) + 1;
    var box = document.getElementById('errors');
    if (box) box.textContent += text + '\n';
  }
  window.addEventListener('error', function (e) { record(String(e.message)); });
  var original = console.error;
  console.error = function () {
    record(Array.prototype.join.call(arguments, ' '));
    return original.apply(console, arguments);
  };
})();
)js";

// Draws every chart of the JSON block #chart-data into #charts.
constexpr std::string_view chart_script = R"js(
(function () {
  var NS = 'http://www.w3.org/2000/svg';
  var W = 640, H = 300, L = 64, R = 12, T = 10, B = 48;
  var named = {
    Success: '#2e7d32', completed: '#2e7d32', Failed: '#c62828', errors: '#c62828',
    ExecutionTimedOut: '#ef6c00', DeliveryTimedOut: '#f9a825', Cancelled: '#6d4c41',
    Terminated: '#8e24aa', Undeliverable: '#546e7a', InvalidPlatform: '#00838f',
    AccessDenied: '#ad1457', in_flight: '#1565c0', InProgress: '#1565c0', pending: '#9e9e9e',
    Delayed: '#5c6bc0', Cancelling: '#a1887f'
  };
  var palette = ['#1565c0', '#ef6c00', '#2e7d32', '#c62828', '#8e24aa', '#00838f', '#6d4c41',
                 '#ad1457', '#546e7a', '#f9a825'];
  function color(name, i) { return named[name] || palette[i % palette.length]; }
  function el(tag, attrs, parent) {
    var e = document.createElementNS(NS, tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }
  function text(x, y, s, anchor, parent, rotate) {
    var t = el('text', {x: x, y: y, 'text-anchor': anchor}, parent);
    if (rotate) t.setAttribute('transform', 'rotate(-90 ' + x + ' ' + y + ')');
    t.textContent = s;
    return t;
  }
  function fmt(v) {
    var a = Math.abs(v);
    if (a >= 1e9) return +(v / 1e9).toPrecision(3) + 'G';
    if (a >= 1e6) return +(v / 1e6).toPrecision(3) + 'M';
    if (a >= 1e4) return +(v / 1e3).toPrecision(3) + 'k';
    return String(+v.toPrecision(4));
  }
  function ticks(lo, hi) {
    if (!(hi > lo)) hi = lo + 1;
    var raw = (hi - lo) / 5, mag = Math.pow(10, Math.floor(Math.log10(raw))), step = mag;
    [1, 2, 5, 10].some(function (m) { step = m * mag; return step >= raw; });
    var out = [];
    for (var v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(v);
    return {lo: lo, hi: hi, list: out};
  }
  function frame(svg, xs, ys, xlabel, ylabel) {
    var sx = function (x) { return L + (x - xs.lo) / (xs.hi - xs.lo) * (W - L - R); };
    var sy = function (y) { return H - B - (y - ys.lo) / (ys.hi - ys.lo) * (H - T - B); };
    ys.list.forEach(function (v) {
      el('line', {x1: L, x2: W - R, y1: sy(v), y2: sy(v), stroke: '#eee'}, svg);
      text(L - 6, sy(v) + 4, fmt(v), 'end', svg);
    });
    if (xs.list) xs.list.forEach(function (v) { text(sx(v), H - B + 16, fmt(v), 'middle', svg); });
    el('line', {x1: L, x2: W - R, y1: H - B, y2: H - B, stroke: '#888'}, svg);
    el('line', {x1: L, x2: L, y1: T, y2: H - B, stroke: '#888'}, svg);
    if (xlabel) text((L + W - R) / 2, H - 8, xlabel, 'middle', svg);
    text(14, (T + H - B) / 2, ylabel, 'middle', svg, true);
    return {x: sx, y: sy};
  }
  function legend(fig, names) {
    var box = document.createElement('div');
    box.className = 'legend';
    names.forEach(function (n, i) {
      var s = document.createElement('span'), sw = document.createElement('i');
      sw.style.background = color(n, i);
      s.appendChild(sw);
      s.appendChild(document.createTextNode(n));
      box.appendChild(s);
    });
    fig.appendChild(box);
  }
  function drawLines(svg, c) {
    var pts = [].concat.apply([], c.series.map(function (s) { return s.points; }));
    if (!pts.length) return 0;
    var xv = pts.map(function (p) { return p[0]; }), yv = pts.map(function (p) { return p[1]; });
    var s = frame(svg, ticks(Math.min.apply(null, xv), Math.max.apply(null, xv)),
                  ticks(Math.min(0, Math.min.apply(null, yv)), Math.max.apply(null, yv)),
                  c.x, c.y);
    c.series.forEach(function (ser, i) {
      if (!ser.points.length) return;
      var d = '';
      ser.points.forEach(function (p, k) {
        var x = s.x(p[0]).toFixed(1), y = s.y(p[1]).toFixed(1);
        d += k === 0 ? 'M' + x + ' ' + y : (c.step ? 'H' + x + 'V' + y : 'L' + x + ' ' + y);
      });
      var path = el('path', {d: d, fill: 'none', stroke: color(ser.name, i), 'stroke-width': 2,
                             'data-points': ser.points.length}, svg);
      el('title', {}, path).textContent = ser.name;
    });
    return pts.length;
  }
  function drawBars(svg, c) {
    var n = c.categories.length, m = c.series.length, top = 0, drawn = 0;
    for (var k = 0; k < n; k++) {
      var sum = 0;
      c.series.forEach(function (ser) {
        sum += ser.values[k] || 0;
        top = Math.max(top, ser.values[k] || 0);
      });
      if (c.stacked) top = Math.max(top, sum);
    }
    if (!n || !m || !(top > 0)) return 0;
    var s = frame(svg, {lo: 0, hi: n}, ticks(0, top), '', c.y);
    var band = (W - L - R) / n;
    var width = c.stacked ? band * 0.7 : band * 0.8 / m;
    c.categories.forEach(function (cat, k) {
      var base = 0;
      c.series.forEach(function (ser, i) {
        var v = ser.values[k] || 0;
        if (v <= 0) return;
        var x = L + band * k + band * 0.1 + (c.stacked ? band * 0.05 : i * width);
        var y0 = s.y(base), y1 = s.y(base + v);
        var r = el('rect', {x: x.toFixed(1), y: y1.toFixed(1), width: width.toFixed(1),
                            height: Math.max(0.5, y0 - y1).toFixed(1), fill: color(ser.name, i)}, svg);
        el('title', {}, r).textContent = cat + ' · ' + ser.name + ': ' + v;
        if (c.stacked) base += v;
        drawn++;
      });
      var label = cat.length > 14 ? cat.slice(0, 13) + '…' : cat;
      text(L + band * (k + 0.5), H - B + 16, label, 'middle', svg);
    });
    return drawn;
  }
  var specs = JSON.parse(document.getElementById('chart-data').textContent);
  var area = document.getElementById('charts'), plots = 0;
  specs.forEach(function (c) {
    var fig = document.createElement('figure'), cap = document.createElement('figcaption');
    cap.textContent = c.title;
    fig.appendChild(cap);
    var svg = el('svg', {width: W, height: H, viewBox: '0 0 ' + W + ' ' + H}, fig);
    var n = c.kind === 'line' ? drawLines(svg, c) : drawBars(svg, c);
    if (n > 0) plots++;
    else text(W / 2, H / 2, 'no data', 'middle', svg);
    fig.dataset.points = n;
    legend(fig, c.series.map(function (s) { return s.name; }));
    area.appendChild(fig);
  });
  document.body.dataset.charts = specs.length;
  document.body.dataset.plots = plots;
})();
)js";

// JSON inside <script>: "</" would end the element; "<\/" is the same JSON.
std::string script_json(const nlohmann::json& j) {
  auto text = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    out += text[i];
    if (text[i] == '<' && i + 1 < text.size() && text[i + 1] == '/')
      out += '\\';
  }
  return out;
}

}  // namespace

const nlohmann::json& field(const nlohmann::json& object, std::string_view key) {
  static const nlohmann::json null;
  if (!object.is_object())
    return null;
  auto found = object.find(key);
  return found == object.end() ? null : *found;
}

std::string text_of(const nlohmann::json& value) {
  if (value.is_null())
    return "";
  return escape_html(value.is_string() ? value.get<std::string>() : value.dump());
}

std::string string_of(const nlohmann::json& value) {
  return value.is_string() ? value.get<std::string>() : std::string{};
}

double number_of(const nlohmann::json& value) {
  return value.is_number() ? value.get<double>() : 0.0;
}

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

nlohmann::json line_chart(std::string_view title, std::string_view x_label,
                          std::string_view y_label, const std::vector<line_series>& series,
                          bool step) {
  nlohmann::json j{{"kind", "line"}, {"title", title}, {"x", x_label}, {"y", y_label}, {"step", step}};
  j["series"] = nlohmann::json::array();
  for (const auto& s : series)
    j["series"].push_back({{"name", s.name}, {"points", s.points}});
  return j;
}

nlohmann::json bar_chart(std::string_view title, std::string_view y_label,
                         const std::vector<std::string>& categories,
                         const std::vector<bar_series>& series, bool stacked) {
  nlohmann::json j{{"kind", "bars"}, {"title", title}, {"y", y_label}, {"stacked", stacked},
                   {"categories", categories}};
  j["series"] = nlohmann::json::array();
  for (const auto& s : series)
    j["series"].push_back({{"name", s.name}, {"values", s.values}});
  return j;
}

std::string html_page(std::string_view title, std::string_view body, const nlohmann::json& charts) {
  std::string page;
  page += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>";
  page += escape_html(title);
  page += "</title>\n<style>";
  page += style;
  page += "</style>\n</head>\n<body>\n<script>";
  page += error_hook;
  page += "</script>\n<h1>";
  page += escape_html(title);
  page += "</h1>\n<div id=\"errors\"></div>\n";
  page += body;
  page += "\n<div id=\"charts\"></div>\n<script type=\"application/json\" id=\"chart-data\">";
  page += script_json(charts);
  page += "</script>\n<script>";
  page += chart_script;
  page += "</script>\n</body>\n</html>\n";
  return page;
}

std::string html_table(const std::vector<std::vector<std::string>>& rows) {
  std::string out = "<table>\n";
  for (size_t r = 0; r < rows.size(); ++r) {
    out += "<tr>";
    for (const auto& cell : rows[r])
      out += (r == 0 ? "<th>" : "<td>") + cell + (r == 0 ? "</th>" : "</td>");
    out += "</tr>\n";
  }
  return out + "</table>\n";
}

}  // namespace broadside::report

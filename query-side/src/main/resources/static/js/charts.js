'use strict';
/*
 * Charts on uPlot (the WebJar org.webjars.npm:uplot, served from /webjars; no CDN). Categories
 * (areas, groups, bins, grades, sessions) sit at x = 0..n-1 and are labelled on the axis. A null
 * value (a suppressed cell) draws no bar. Every chart is also shown as a table next to it, which
 * is the accessible form of the same numbers. After a chart has drawn, its container carries
 * data-drawn="true"; window.dashboardCharts lists the live uPlot instances.
 */
const Charts = (() => {
  const BLUE = '#0b5cad';
  const ORANGE = '#b35900';
  const INK = '#1b1f24';
  const live = new Map();
  window.dashboardCharts = [];

  function widthOf(container) {
    return Math.max(260, Math.floor(container.getBoundingClientRect().width) || 600);
  }

  function categoryAxis(labels) {
    return {
      stroke: INK,
      grid: { show: false },
      splits: () => labels.map((_, i) => i),
      values: (u, splits) => splits.map((i) => (labels[i] === undefined ? '' : labels[i])),
      rotate: labels.some((l) => String(l).length > 8) && labels.length > 4 ? -30 : 0,
      size: labels.some((l) => String(l).length > 8) && labels.length > 4 ? 70 : 40,
    };
  }

  function make(container, options, data) {
    const previous = live.get(container);
    if (previous) previous.destroy();
    container.replaceChildren();
    container.dataset.drawn = 'false';
    const hooks = options.hooks || {};
    hooks.draw = (hooks.draw || []).concat([() => { container.dataset.drawn = 'true'; }]);
    options.hooks = hooks;
    const chart = new uPlot(options, data, container);
    live.set(container, chart);
    window.dashboardCharts = [...live.values()];
    return chart;
  }

  /** Vertical whiskers from low[i] to high[i] (a confidence interval) over bar i. */
  function whiskers(low, high) {
    return (u) => {
      const ctx = u.ctx;
      ctx.save();
      ctx.strokeStyle = INK;
      ctx.lineWidth = Math.max(1, devicePixelRatio);
      const cap = 5 * devicePixelRatio;
      for (let i = 0; i < low.length; i++) {
        if (low[i] === null || high[i] === null || low[i] === undefined || high[i] === undefined) continue;
        const x = Math.round(u.valToPos(i, 'x', true));
        const y0 = Math.round(u.valToPos(low[i], 'y', true));
        const y1 = Math.round(u.valToPos(high[i], 'y', true));
        ctx.beginPath();
        ctx.moveTo(x, y0); ctx.lineTo(x, y1);
        ctx.moveTo(x - cap, y0); ctx.lineTo(x + cap, y0);
        ctx.moveTo(x - cap, y1); ctx.lineTo(x + cap, y1);
        ctx.stroke();
      }
      ctx.restore();
    };
  }

  /** Writes text (the small-cell marker) where a category has no value, so a gap is explained. */
  function nullLabels(values, text) {
    return (u) => {
      const ctx = u.ctx;
      ctx.save();
      ctx.fillStyle = '#5c3c00';
      ctx.font = Math.round(12 * devicePixelRatio) + 'px system-ui, sans-serif';
      ctx.textAlign = 'center';
      const y = u.valToPos(0, 'y', true) - 6 * devicePixelRatio;
      values.forEach((v, i) => {
        if (v === null || v === undefined) ctx.fillText(text, u.valToPos(i, 'x', true), y);
      });
      ctx.restore();
    };
  }

  /**
   * Bar chart of one value per category (negative values grow down from 0). spec: {labels, values, low?, high? (interval ends),
   * name (series name), max (y maximum; default fits the data), unit ('%' or ''), nullLabel
   * (text drawn where a value is null)}.
   */
  function bars(container, spec) {
    const n = spec.labels.length;
    const top = spec.max || Math.max(1, ...spec.values.filter((v) => v !== null), ...(spec.high || []).filter((v) => v !== null));
    // a change may be negative: the axis then reaches below 0 and the bars grow down from 0
    const bottom = Math.min(0, ...spec.values.filter((v) => v !== null), ...(spec.low || []).filter((v) => v !== null));
    const unit = spec.unit || '';
    const options = {
      width: widthOf(container),
      height: 240,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false, range: [-0.5, Math.max(0.5, n - 0.5)] }, y: { range: [bottom * 1.1, top * (spec.max ? 1 : 1.1)] } },
      axes: [categoryAxis(spec.labels), { stroke: INK, values: (u, splits) => splits.map((v) => v + (unit ? ' ' + unit : '')), size: 55 }],
      series: [{}, {
        label: spec.name, stroke: BLUE, fill: BLUE + 'cc', width: 1, fillTo: 0,
        paths: uPlot.paths.bars({ size: [0.6, 64], align: 0 }),
        points: { show: false },
      }],
    };
    options.hooks = { draw: [] };
    if (spec.low && spec.high) options.hooks.draw.push(whiskers(spec.low, spec.high));
    if (spec.nullLabel) options.hooks.draw.push(nullLabels(spec.values, spec.nullLabel));
    return make(container, options, [spec.labels.map((_, i) => i), spec.values]);
  }

  /** Line chart over categories (sessions in time order): mean % and pass rate %. */
  function lines(container, spec) {
    const options = {
      width: widthOf(container),
      height: 240,
      legend: { show: true },
      cursor: { show: false },
      scales: { x: { time: false, range: [-0.5, Math.max(0.5, spec.labels.length - 0.5)] }, y: { range: [0, 100] } },
      axes: [categoryAxis(spec.labels), { stroke: INK, values: (u, splits) => splits.map((v) => v + ' %'), size: 55 }],
      series: [{}].concat(spec.series.map((s, i) => ({
        label: s.name, stroke: i === 0 ? BLUE : ORANGE, width: 2, dash: i === 0 ? undefined : [6, 4],
        points: { show: true, size: 7 }, spanGaps: false,
      }))),
    };
    return make(container, options, [spec.labels.map((_, i) => i)].concat(spec.series.map((s) => s.values)));
  }

  let resizeTimer = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => live.forEach((chart, container) => chart.setSize({ width: widthOf(container), height: chart.height })), 150);
  });

  return { bars, lines };
})();

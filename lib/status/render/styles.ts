import "server-only";
/**
 * The status page's whole stylesheet, inlined in the page so it renders in
 * one round trip on a slow phone connection (no CSS file).
 * Colours are Howdah's theme tokens (app/globals.css); phone width first,
 * wider screens only get more margin.
 */
export const STATUS_CSS = `
:root{--ink:#1c1f26;--muted:#5b6272;--line:#e3e6ec;--surface:#fff;--canvas:#f5f6f9;--brand:#5b4bdb;--ok:#1a7f4b;
--warn:#a15c00;--bad:#b42318;--none:#c9ced8}
@media (prefers-color-scheme:dark){:root{--ink:#e8eaf0;--muted:#a3a9b7;--line:#333844;--surface:#1b1e25;
--canvas:#121418;--brand:#9d92ff;--ok:#3fb97a;--warn:#e09a3e;--bad:#f0675b;--none:#4a505c}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--canvas);color:var(--ink);
font:16px/1.5 ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
main{max-width:44rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:0}
h2{font-size:1.1rem;margin:1.75rem 0 .5rem}
h3{font-size:1rem;margin:0}
p{margin:.25rem 0}
a{color:var(--brand)}
.site{color:var(--muted);margin:0;font-size:.9rem;overflow-wrap:anywhere}
.card{background:var(--surface);border:1px solid var(--line);border-radius:.75rem;padding:.9rem 1rem;margin:.75rem 0}
.overall{border-left:.4rem solid var(--none)}
.overall .big{font-size:1.2rem;font-weight:700}
.age{color:var(--muted);font-size:.9rem}
.s-operational{border-left-color:var(--ok)}.s-degraded{border-left-color:var(--warn)}
.s-outage{border-left-color:var(--bad)}.s-maintenance{border-left-color:var(--brand)}
.notice{border-left:.4rem solid var(--warn)}
ul.components{list-style:none;margin:0;padding:0}
.component{border-top:1px solid var(--line);padding:.8rem 0}
.component:first-child{border-top:0;padding-top:0}
.row{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.25rem .75rem;align-items:baseline}
.state{font-weight:600;white-space:nowrap}
.state .i{display:inline-block;width:1.2em;text-align:center}
.t-operational{color:var(--ok)}.t-degraded{color:var(--warn)}.t-outage{color:var(--bad)}.t-unknown{color:var(--muted)}
.t-maintenance{color:var(--brand)}
.reason{font-weight:600}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.daylist summary{font-size:.85rem}
ul.days{margin:.25rem 0;padding-left:1.2rem;font-size:.85rem}
.daylist p{color:var(--muted);font-size:.85rem}
.bars rect{cursor:pointer}
.tz button{font:inherit;font-size:.85rem;color:var(--brand);background:none;border:1px solid var(--line);
border-radius:.4rem;padding:.15rem .5rem;cursor:pointer;margin-top:.25rem}
.desc,.meta,.cap,.scale,.legend,footer{color:var(--muted);font-size:.85rem}
.bars{display:block;width:100%;height:1.75rem;margin-top:.5rem}
.d-operational{fill:var(--ok)}.d-degraded{fill:var(--warn)}.d-outage{fill:var(--bad)}.d-none{fill:var(--none)}
.line{display:block;width:100%;height:4.5rem;overflow:visible}
.line .axis{stroke:var(--line)}
.line line,.line polyline{vector-effect:non-scaling-stroke}
.line .slow{stroke:var(--warn);stroke-dasharray:4 3}
.line .series polyline{fill:none;stroke:var(--brand);stroke-width:2;stroke-linejoin:round;stroke-linecap:round}
.scale{display:flex;justify-content:space-between}
.legend span{white-space:nowrap;margin-right:.75rem}
.sw{display:inline-block;width:.7em;height:.7em;border-radius:2px;margin-right:.3em;vertical-align:-.05em}
.k-operational{background:var(--ok)}.k-degraded{background:var(--warn)}.k-outage{background:var(--bad)}
.k-none{background:var(--none)}
.incident{border-left:.4rem solid var(--warn)}
.incident.i-major{border-left-color:var(--bad)}.incident.i-none{border-left-color:var(--brand)}
.incident.closed{border-left-color:var(--line)}
.update{margin-top:.5rem}
.update .when{color:var(--muted);font-size:.85rem}
details{margin-top:.5rem}summary{cursor:pointer;color:var(--brand)}
ol.updates{list-style:none;margin:0;padding:0}
footer{margin:2rem 0 1rem;border-top:1px solid var(--line);padding-top:.75rem}
footer a{margin-right:1rem}
`.replace(/\n/g, "");

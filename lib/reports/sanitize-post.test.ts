import { describe, expect, it } from "vitest";
import { renderLocalText, renderPostHtml, sanitizeRemoteHtml } from "./sanitize-post";

/** Reported posts are written by whoever is reported: every one of these is an attempt on the moderator's page. */
describe("sanitizing reported posts", () => {
  it("drops scripts, styles, frames, forms, images and their contents", () => {
    const html = sanitizeRemoteHtml(
      `<p>hi</p><script>alert(1)</script><style>body{display:none}</style><iframe src="https://x.test"></iframe>
       <form action="/api/reports/bulk"><input name="a"><button>go</button></form><img src="https://x.test/a.png"
       onerror="alert(1)"><svg><script>alert(2)</script></svg><object data="x"></object><math><mi>x</mi></math>`,
    );
    expect(html).not.toMatch(/script|style|iframe|form|input|button|img|svg|object|onerror|alert|display|math/i);
    expect(html).toContain("<p>hi</p>");
  });

  it("removes event handlers, inline styles and ids from allowed tags", () => {
    const html = sanitizeRemoteHtml(
      `<p onclick="steal()" style="position:fixed;inset:0" id="main" class="h-card evil">x</p>` +
        `<span class="mention hijack" style="color:red" data-x="1">y</span>`,
    );
    expect(html).toBe(`<p>x</p><span class="mention">y</span>`);
  });

  it("keeps only absolute http(s) links, opened apart from the page", () => {
    const html = sanitizeRemoteHtml(
      `<a href="javascript:alert(1)">a</a><a href="JaVaScRiPt:alert(1)">b</a><a href="data:text/html,x">c</a>` +
        `<a href="/api/reports/bulk">d</a><a href="#main">e</a><a href="//evil.test/x">f</a>` +
        `<a href="vbscript:x">g</a><a href="https://ok.test/p?q=1&amp;r=2" target="_self" rel="opener">h</a>`,
    );
    expect(html).not.toMatch(/javascript|data:|vbscript|evil\.test|\/api\/|#main|_self|"opener"/i);
    expect(html).toContain(
      `<a href="https://ok.test/p?q=1&amp;r=2" rel="nofollow noopener noreferrer" target="_blank">h</a>`,
    );
    for (const text of ["a", "b", "c", "d", "e", "f", "g"]) expect(html).toContain(`<span>${text}</span>`);
  });

  it("survives broken markup and entity tricks", () => {
    const html = sanitizeRemoteHtml(
      `<p>unclosed <b>bold <a href="&#106;avascript:alert(1)">x</a><scr<script>ipt>alert(1)</script>` +
        `<<img src=x onerror=alert(1)>><!-- <script>alert(3)</script> --><a href="java\tscript:alert(1)">t</a>`,
    );
    expect(html).not.toMatch(/<script|<img|onerror|javascript|href="java/i);
  });

  it("keeps Mastodon's own safe subset", () => {
    const source =
      `<p>Hello <a href="https://a.test/@b" class="u-url mention">@<span>b</span></a> ` +
      `<a href="https://a.test/tags/x" class="mention hashtag" rel="tag">#<span>x</span></a></p>` +
      `<blockquote><p><em>q</em> <strong>s</strong> <del>d</del> <code>c</code></p></blockquote>` +
      `<ol start="3"><li>one</li></ol><ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby>`;
    const html = sanitizeRemoteHtml(source);
    expect(html).toContain(`class="u-url mention"`);
    expect(html).toContain("<blockquote><p><em>q</em> <strong>s</strong> <del>d</del> <code>c</code></p></blockquote>");
    expect(html).toContain(`<ol start="3"><li>one</li></ol>`);
    expect(html).toContain("<rt>kan</rt>");
  });

  it("escapes local plain text and links its bare addresses", () => {
    const html = renderLocalText(`<script>alert(1)</script> see https://ok.test/a?b=1&c=2.\n\nbye <b>x</b>`);
    expect(html).toBe(
      `<p>&lt;script&gt;alert(1)&lt;/script&gt; see <a href="https://ok.test/a?b=1&amp;c=2" ` +
        `rel="nofollow noopener noreferrer" target="_blank">https://ok.test/a?b=1&amp;c=2</a>.</p>` +
        `<p>bye &lt;b&gt;x&lt;/b&gt;</p>`,
    );
    expect(renderLocalText(`javascript:alert(1)\n"onmouseover="x`)).toBe(
      `<p>javascript:alert(1)<br />"onmouseover="x</p>`,
    );
  });

  it("treats a post as HTML only when it came from another server", () => {
    expect(renderPostHtml({ text: "<b>x</b>", local: true })).toBe("<p>&lt;b&gt;x&lt;/b&gt;</p>");
    expect(renderPostHtml({ text: "<b>x</b>", local: false })).toBe("<b>x</b>");
  });
});

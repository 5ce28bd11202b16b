import type { Page } from "@playwright/test";

/** What a page looks like to a thumb at phone width, as the browser reports it. */
export interface PhoneErgonomics {
  /** document.scrollingElement.scrollWidth: more than the viewport means the page scrolls sideways. */
  scrollWidth: number;
  /** Visible controls whose hit area is under 44 × 44 px: "tag 'name': w × h". */
  smallTargets: string[];
  /** Visible text under 14 px (16 px in form fields): "tag 'text': size". */
  smallText: string[];
  /** Share of the visible characters under 14 px (for reports). */
  smallTextShare: number;
  /** Controls measured. */
  targets: number;
}

export const MIN_TARGET = 44;
export const MIN_TEXT = 14;
export const MIN_FIELD_TEXT = 16;

/**
 * Measures a page's controls and text. A control's hit area is measured by
 * hit-testing (document.elementFromPoint) outwards from its centre, so what
 * counts is where a tap lands, not what the box claims: a checkbox's
 * wrapping label counts as its hit area, an element covered by another does
 * not. A chart's text (its ticks and legend, inside role="img") and visually
 * hidden text (screen-reader only) are not body text.
 */
export function measurePhoneErgonomics(page: Page): Promise<PhoneErgonomics> {
  return page.evaluate(
    ({ minTarget, minText, minFieldText }) => {
      const CONTROLS = [
        "a[href]",
        "button",
        "input:not([type=hidden])",
        "select",
        "textarea",
        "summary",
        "[role=button]",
        "[role=link]",
        "[role=radio]",
        "[role=checkbox]",
        "[role=tab]",
        "[role=switch]",
        "[tabindex]:not([tabindex='-1'])",
      ].join(",");
      const FIELDS = "input, select, textarea";
      // A chart is one image (role="img", described by a text summary); its ticks and legend are the chart's
      // drawing, sized in components/charts. Recharts also keeps an off-screen span to measure tick labels.
      const NOT_BODY_TEXT = "[role=img], svg, script, style, noscript, #recharts_measurement_span";

      const visuallyHidden = (e: Element): boolean => {
        for (let n: Element | null = e; n; n = n.parentElement) {
          const style = getComputedStyle(n);
          if (style.clip === "rect(0px, 0px, 0px, 0px)" || style.clipPath === "inset(50%)") return true;
        }
        return false;
      };
      const shown = (e: Element): boolean =>
        e.checkVisibility({ visibilityProperty: true, opacityProperty: true }) && !visuallyHidden(e);

      const partOf = (hit: Element | null, control: Element): boolean => {
        if (!hit) return false;
        if (hit === control || control.contains(hit)) return true;
        const label = hit.closest("label");
        return !!label && (label.control === control || label.contains(control));
      };

      const describe = (e: Element): string => {
        const name =
          e.getAttribute("aria-label") ?? (e as HTMLInputElement).labels?.[0]?.textContent ?? e.textContent ?? "";
        return `${e.tagName.toLowerCase()}${e.getAttribute("type") ? `[${e.getAttribute("type")}]` : ""} '${name
          .trim()
          .replace(/\s+/g, " ")
          .slice(0, 40)}'`;
      };

      /** How far taps around the control's centre land on it, across and down. */
      const hitArea = (control: Element): { width: number; height: number } => {
        control.scrollIntoView({ block: "center", inline: "center", behavior: "instant" });
        const box = control.getBoundingClientRect();
        const cx = Math.floor(box.left + box.width / 2);
        const cy = Math.floor(box.top + box.height / 2);
        const reach = (dx: number, dy: number): number => {
          let steps = 0;
          while (steps < 80 && partOf(document.elementFromPoint(cx + dx * (steps + 1), cy + dy * (steps + 1)), control))
            steps++;
          return steps;
        };
        if (!partOf(document.elementFromPoint(cx, cy), control)) return { width: 0, height: 0 };
        return { width: reach(-1, 0) + reach(1, 0) + 1, height: reach(0, -1) + reach(0, 1) + 1 };
      };

      const controls = [...document.querySelectorAll(CONTROLS)].filter(shown);
      const smallTargets: string[] = [];
      for (const control of controls) {
        const { width, height } = hitArea(control);
        // One pixel of slack for sub-pixel layout.
        if (width < minTarget - 1 || height < minTarget - 1)
          smallTargets.push(`${describe(control)}: ${width} × ${height}`);
      }
      window.scrollTo(0, 0);

      const smallText: string[] = [];
      let characters = 0;
      let smallCharacters = 0;
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent?.trim() ?? "";
        const parent = node.parentElement;
        if (!text || !parent || parent.closest(NOT_BODY_TEXT) || !shown(parent)) continue;
        const size = parseFloat(getComputedStyle(parent).fontSize);
        characters += text.length;
        if (size < minText - 0.01) {
          smallCharacters += text.length;
          smallText.push(`${parent.tagName.toLowerCase()} '${text.slice(0, 40)}': ${size} px`);
        }
      }
      for (const field of document.querySelectorAll(FIELDS)) {
        if (!shown(field) || ["checkbox", "radio"].includes(field.getAttribute("type") ?? "")) continue;
        const size = parseFloat(getComputedStyle(field).fontSize);
        if (size < minFieldText - 0.01) smallText.push(`${describe(field)}: ${size} px`);
      }

      return {
        scrollWidth: document.scrollingElement!.scrollWidth,
        smallTargets,
        smallText,
        smallTextShare: characters ? smallCharacters / characters : 0,
        targets: controls.length,
      };
    },
    { minTarget: MIN_TARGET, minText: MIN_TEXT, minFieldText: MIN_FIELD_TEXT },
  );
}

/**
 * Visible links whose accessible names are the same but whose targets are
 * not ("Open", "Open", "Open"): a screen reader's list of links cannot tell them apart.
 */
export function linksSharingANameButNotATarget(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const targets = new Map<string, Set<string>>();
    for (const link of document.querySelectorAll<HTMLAnchorElement>("a[href]")) {
      if (!link.checkVisibility()) continue;
      const name = (link.getAttribute("aria-label") ?? link.textContent ?? "").trim().replace(/\s+/g, " ");
      targets.set(name, (targets.get(name) ?? new Set()).add(new URL(link.href, location.href).href));
    }
    return [...targets]
      .filter(([, hrefs]) => hrefs.size > 1)
      .map(([name, hrefs]) => `${name}: ${[...hrefs].join(", ")}`);
  });
}

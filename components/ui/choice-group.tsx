"use client";

import { useId } from "react";

export interface Choice<T extends string> {
  value: T;
  label: string;
}

/**
 * One choice among a few (a chart range, the theme), drawn as a segmented
 * control but built from native radio buttons: the group is one Tab stop,
 * arrow keys move the choice, and screen readers announce "radio, 2 of 4".
 * Each segment is its radio's hit area, 44 px tall at phone widths.
 */
export function ChoiceGroup<T extends string>({
  legend,
  choices,
  value,
  onChange,
  size = "normal",
}: {
  /** The group's accessible name ("History range"). */
  legend: string;
  choices: readonly Choice<T>[];
  value: T;
  onChange: (value: T) => void;
  size?: "normal" | "small";
}) {
  const name = useId();
  return (
    <fieldset className="inline-flex max-w-full min-w-0">
      <legend className="sr-only">{legend}</legend>
      <div className="inline-flex max-w-full flex-wrap overflow-hidden rounded-md border border-line text-sm">
        {choices.map((choice) => (
          <label key={choice.value} className="relative flex border-l border-line first:border-l-0">
            {/* The radio itself, transparent, covers its segment: the whole segment is what a tap or click hits. */}
            <input
              type="radio"
              name={name}
              value={choice.value}
              checked={value === choice.value}
              onChange={() => onChange(choice.value)}
              className={
                "peer absolute inset-0 z-10 m-0 cursor-pointer appearance-none rounded-none " +
                "focus-visible:-outline-offset-4 checked:focus-visible:outline-on-brand"
              }
            />
            <span
              className={
                "flex min-h-11 min-w-11 items-center justify-center whitespace-nowrap bg-surface px-3 " +
                `${size === "small" ? "md:min-h-8" : "md:min-h-9"} peer-hover:bg-canvas ` +
                "peer-checked:bg-brand peer-checked:font-semibold peer-checked:text-on-brand"
              }
            >
              {choice.label}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

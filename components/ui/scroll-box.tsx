/**
 * A wide table's own sideways-scrolling box, so the page never scrolls
 * sideways at phone width. It is a named region and a Tab stop: keyboard
 * users can scroll it too (arrow keys once focused), and screen readers say what it holds.
 */
export function ScrollBox({
  label,
  className = "",
  children,
}: {
  label: string;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <div role="region" aria-label={label} tabIndex={0} className={`overflow-x-auto ${className}`}>
      {children}
    </div>
  );
}

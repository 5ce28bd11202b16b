/**
 * Class names for links that sit on their own (a card's "View …" link): 44 px
 * tall at phone widths, where a thumb has to hit them, and inline on desktop.
 */
export const CARD_LINK = "inline-flex min-h-11 items-center text-sm text-brand hover:underline md:min-h-0";

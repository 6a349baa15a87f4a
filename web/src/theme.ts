import { Anchor, Card, createTheme, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

/** A calm blue-teal; shade 7, the primary, keeps white text above 4.5:1 contrast. */
const nimbus: MantineColorsTuple = [
  '#e7f6fa',
  '#cfeaf2',
  '#a0d4e5',
  '#6dbdd8',
  '#45aacd',
  '#2c9ec6',
  '#1591bb',
  '#0b7ea5',
  '#056c8f',
  '#005a78',
];

/** Latin and Cyrillic from the system UI font, then the common Simplified Chinese faces of each platform. */
const FONT_STACK = [
  'system-ui',
  '-apple-system',
  '"Segoe UI"',
  'Roboto',
  '"Noto Sans"',
  '"Helvetica Neue"',
  'Arial',
  '"PingFang SC"',
  '"Hiragino Sans GB"',
  '"Microsoft YaHei"',
  '"Noto Sans CJK SC"',
  '"Source Han Sans SC"',
  '"WenQuanYi Micro Hei"',
  'sans-serif',
  '"Apple Color Emoji"',
  '"Segoe UI Emoji"',
].join(', ');

export const theme = createTheme({
  colors: { nimbus },
  primaryColor: 'nimbus',
  primaryShade: 7,
  defaultRadius: 'md',
  fontFamily: FONT_STACK,
  headings: {
    fontFamily: FONT_STACK,
    fontWeight: '650',
    // Page titles shrink on phones, where long Russian words would otherwise take three lines.
    sizes: { h1: { fontSize: 'clamp(1.75rem, 1.25rem + 2vw, 2.125rem)' } },
  },
  cursorType: 'pointer',
  components: {
    Card: Card.extend({ defaultProps: { withBorder: true, radius: 'lg', padding: 'lg' } }),
    // A link among words must not be told apart by its colour alone (axe's link-in-text-block).
    Anchor: Anchor.extend({ defaultProps: { underline: 'always' } }),
  },
});

/** Every colour a badge, an avatar or a light button may take. */
const COLOURS = ['nimbus', 'dark', 'gray', 'red', 'pink', 'grape', 'violet', 'indigo', 'blue', 'cyan'];

/**
 * The bright colours, whose shade 9 is still below 4.5:1 on their own tint (#e6f4f0 behind teal):
 * their text is darker still.
 */
const DARKER: Record<string, string> = {
  teal: '#066649',
  green: '#1e6b2f',
  lime: '#3d6b0a',
  yellow: '#7a4f00',
  orange: '#a63a0a',
};

/**
 * Mantine's dimmed grey, its links and its light-variant text (badges, avatars) are below 4.5:1 on
 * white and on the pages' grey: these keep all of it at AA.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': '#5c636a',
    '--mantine-color-anchor': 'var(--mantine-color-nimbus-8)',
    ...Object.fromEntries(
      COLOURS.map((colour) => [`--mantine-color-${colour}-light-color`, `var(--mantine-color-${colour}-9)`]),
    ),
    ...Object.fromEntries(
      Object.entries(DARKER).map(([colour, hex]) => [`--mantine-color-${colour}-light-color`, hex]),
    ),
  },
  dark: {},
});

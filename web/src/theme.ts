import { Card, createTheme, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

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
  },
});

/** Mantine's dimmed grey and light-variant text are below 4.5:1 on white; these keep body text at AA. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': '#5c636a',
    '--mantine-color-nimbus-light-color': 'var(--mantine-color-nimbus-8)',
    '--mantine-color-red-light-color': 'var(--mantine-color-red-9)',
  },
  dark: {},
});

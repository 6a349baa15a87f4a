/** The Nimbus mark: a white cloud on a blue-teal tile, the same as the favicon. Decorative. */
export function CloudLogo({ size = 32 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill="var(--mantine-color-nimbus-7)" />
      <path fill="#fff" d="M10.5 23a5 5 0 0 1-.6-9.96A7 7 0 0 1 23.3 12.4 5.3 5.3 0 0 1 22.2 23z" />
    </svg>
  );
}

import { useLayoutEffect, useState, type RefObject } from 'react';

/**
 * The distance from the top of the document to the element: a virtual list over the window's
 * scroll needs it, and it changes whenever something above grows or shrinks (a notice, the
 * uploads), which resizes the body.
 */
export function useDocumentTop(ref: RefObject<HTMLElement | null>): number {
  const [top, setTop] = useState(0);
  useLayoutEffect(() => {
    const measure = () => {
      const element = ref.current;
      if (element !== null) setTop(Math.round(element.getBoundingClientRect().top + window.scrollY));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    window.addEventListener('resize', measure);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', measure);
    };
  }, [ref]);
  return top;
}

// Links that change the page without a reload; a modified click (new tab, download) stays the browser's.
import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { navigate, useLocation } from './router.ts';

export interface LinkProps extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> {
  to: string;
}

export function Link({ to, onClick, ...rest }: LinkProps) {
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={follow} {...rest} />;
}

/** A navigation link marked `aria-current="page"` while the location is under one of `activeFor`. */
export function NavLink({ activeFor, ...props }: LinkProps & { activeFor: readonly string[] }) {
  const { pathname } = useLocation();
  const active = activeFor.some((prefix) => pathname === prefix || pathname.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`));
  return <Link {...props} aria-current={active ? 'page' : undefined} />;
}

// The user drop-down (WAI-ARIA menu button): Enter, Space (the button's click) or the arrow keys open it, the
// arrows move between items, Home/End jump, Escape closes it and gives focus back to the button.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { call, Me, planningSpaceUrl, tenantBase } from './api';

interface Item {
  label: string;
  run: () => void;
}

async function signOut(): Promise<void> {
  try {
    await call<void>('POST', `${tenantBase}/auth/logout`);
  } finally {
    // replace(): the page that may have shown a key leaves the history, so Back cannot return to it.
    location.replace(`${tenantBase}/`);
  }
}

export function UserMenu({ me, canGenerateKey, planningSpace }: { me: Me; canGenerateKey: boolean; planningSpace: boolean }) {
  const [open, setOpen] = useState(false);
  const [focusIndex, setFocusIndex] = useState(0);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);

  const goTo = (hash: string) => {
    if (planningSpace || hash !== '#/generateApiKey') location.hash = hash;
    else location.assign(`${planningSpaceUrl}${hash}`);
  };
  const items: Item[] = [
    ...(canGenerateKey ? [{ label: 'Generate API Key', run: () => goTo('#/generateApiKey') }] : []),
    { label: 'Change password', run: () => goTo('#/changePassword') },
    { label: 'Sign out', run: () => void signOut() },
  ];

  // Layout effect: focus moves in the same task as the key press that asked for it.
  useLayoutEffect(() => {
    if (!open) return;
    menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]')[focusIndex]?.focus();
  }, [open, focusIndex]);

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (!menu.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const openAt = (index: number) => {
    setFocusIndex(index);
    setOpen(true);
  };
  const close = (returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) button.current?.focus();
  };
  const choose = (item: Item) => {
    close(true);
    item.run();
  };

  const onButtonKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      openAt(0);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      openAt(items.length - 1);
    }
  };
  const onMenuKey = (e: KeyboardEvent) => {
    const last = items.length - 1;
    const moves: Record<string, number> = {
      ArrowDown: focusIndex === last ? 0 : focusIndex + 1,
      ArrowUp: focusIndex === 0 ? last : focusIndex - 1,
      Home: 0,
      End: last,
    };
    if (e.key in moves) {
      e.preventDefault();
      setFocusIndex(moves[e.key]);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      close(true);
    } else if (e.key === 'Tab') {
      close(false);
    }
    // Enter and Space activate the focused item's own button (its click).
  };

  return (
    <div class="user-menu">
      <button
        ref={button}
        type="button"
        id="user-menu-button"
        class="menu-button"
        aria-haspopup="menu"
        aria-expanded={open ? 'true' : 'false'}
        aria-controls="user-menu"
        onClick={() => (open ? close(false) : openAt(0))}
        onKeyDown={onButtonKey}
      >
        <span class="avatar" aria-hidden="true">
          {(me.displayName || me.loginId).slice(0, 1).toUpperCase()}
        </span>
        {me.displayName}
        <span class="caret" aria-hidden="true">
          ▾
        </span>
      </button>
      <ul ref={menu} id="user-menu" role="menu" aria-labelledby="user-menu-button" hidden={!open} onKeyDown={onMenuKey}>
        {items.map((item, index) => (
          <li role="none" key={item.label}>
            <button type="button" role="menuitem" tabIndex={index === focusIndex ? 0 : -1} onClick={() => choose(item)}>
              {item.label}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

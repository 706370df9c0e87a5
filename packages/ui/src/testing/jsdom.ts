/**
 * Fills in what jsdom lacks and Radix's popper and pointer handling touch, so the kit's dialogs and menus
 * render in a jsdom test (Vitest, Jest). Call it once in a setup file.
 */
export function installJsdomShims(): void {
  class ResizeObserverShim {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  }
  globalThis.ResizeObserver ??= ResizeObserverShim;
  Element.prototype.hasPointerCapture ??= () => false;
  Element.prototype.releasePointerCapture ??= () => {};
  Element.prototype.scrollIntoView ??= () => {};
}

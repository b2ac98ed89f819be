// How the end-to-end tests and bench:ui start Debian's Chromium: headless, without a sandbox or
// GPU, and without the browser's own background work.
// `--disable-features=PreloadTopChromeWebUI,WebUIOmniboxPopup`: every new browser context (each
// test's, each measured page's) otherwise preloads the omnibox popup's WebUI in a renderer of its
// own, ~1.7 s of one core's time while the page under test loads (seen in a Chrome trace of
// bench:ui: on two cores, it took the time the page's skeleton worker needed).
export const CHROMIUM_PATH = process.env.X400_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
  '--disable-features=PreloadTopChromeWebUI,WebUIOmniboxPopup',
];

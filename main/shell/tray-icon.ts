/**
 * The tray icon, 32×32 PNG (a clock hand on a blue disc). Kept in the bundle rather than read from
 * dist/renderer, which ships only the SVG favicon that tray icons cannot use on Windows and Linux.
 */
export const TRAY_ICON_PNG_DATA_URL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAA6UlEQVR42s1XwQ3DIAzkzwh+dxu26JsRGCG7eYW+OwSF1pWSKE3BdsCW7hMluZNtDtu5zrjdn1AQCmJBIkR6Bu6KINJKhAX5D5DeBQ1iX7A0kP5C/dZzyWtKHwLyL+o/Qi95VCDeI84kbxNBac8XI5w1XHPN99HZE/5IQFe3CwS8T8fROc8DBeSNT5BxjBaQ1gJwggBkp19JwKcM3KOnJCCwjaclmoyJ04CKApIJAWzv1yrBCP8/bUKYKADYRqQAFFmxApLoMlJLP/c6FmIRDyTCIdXbG8lMDKUmxnITi4mJ1czEcjpiPX8B3t7qsBoo/1wAAAAASUVORK5CYII=';

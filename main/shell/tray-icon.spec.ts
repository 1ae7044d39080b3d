import { describe, expect, it } from 'vitest';
import { TRAY_ICON_PNG_DATA_URL } from './tray-icon';

describe('TRAY_ICON_PNG_DATA_URL', () => {
  it('is a 32×32 PNG', () => {
    const png = Buffer.from(TRAY_ICON_PNG_DATA_URL.replace('data:image/png;base64,', ''), 'base64');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([32, 32]);
  });
});

import { ProcFormatError } from './proc-format-error.js';

export interface Mount {
  device: string;
  mountPoint: string;
  type: string;
}

/**
 * /proc/self/mounts (fstab format): `device mount-point type options dump pass`, with space, tab,
 * newline and backslash written as octal escapes (`\040`, `\011`, `\012`, `\134`).
 */
export function parseMounts(text: string): Mount[] {
  return text.split('\n').filter((line) => line.trim() !== '').map((line) => {
    const [device, mountPoint, type] = line.split(' ');
    if (!device || !mountPoint?.startsWith('/') || !type) throw new ProcFormatError('/proc/self/mounts', line, '"device mount-point type options 0 0"');
    return { device: unescape(device), mountPoint: unescape(mountPoint), type };
  });
}

const unescape = (field: string) => field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));

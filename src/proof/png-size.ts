/** Width and height of a PNG, from its IHDR chunk (the first, at a fixed place). */
export function pngSize(bytes: Uint8Array): {width: number; height: number} {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const ihdr = bytes.length >= 24 && String.fromCharCode(...bytes.subarray(12, 16)) === 'IHDR'
  if (!signature.every((byte, i) => bytes[i] === byte) || !ihdr) {
    throw new Error('Cannot read a page image: it is not a PNG')
  }
  return {width: view.getUint32(16), height: view.getUint32(20)}
}

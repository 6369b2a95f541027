// Typed arrays as compact JSON strings: base64 of their bytes. Byte order is little-endian, as on
// every platform Node runs on.

export function encodeFloat32(array: Float32Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

/** Undefined when the text is not a whole number of floats. */
export function decodeFloat32(text: string): Float32Array | undefined {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length % 4 !== 0) return undefined;
  const array = new Float32Array(bytes.length / 4);
  new Uint8Array(array.buffer).set(bytes);
  return array;
}

export function encodeBytes(array: Int8Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

export function decodeBytes(text: string): Int8Array {
  const bytes = Buffer.from(text, 'base64');
  return new Int8Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
}

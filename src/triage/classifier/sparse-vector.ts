// A message as the model sees it: the few feature columns it has, with their weights.

export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

/** All training messages in one compressed-row matrix: row r is entries rowStart[r] .. rowStart[r + 1]. */
export interface SparseMatrix {
  rowStart: Int32Array;
  indices: Int32Array;
  values: Float32Array;
  columns: number;
}

export function toSparseMatrix(rows: readonly SparseVector[], columns: number): SparseMatrix {
  const rowStart = new Int32Array(rows.length + 1);
  rows.forEach((row, r) => (rowStart[r + 1] = (rowStart[r] ?? 0) + row.indices.length));
  const size = rowStart[rows.length] ?? 0;
  const indices = new Int32Array(size);
  const values = new Float32Array(size);
  rows.forEach((row, r) => {
    indices.set(row.indices, rowStart[r]);
    values.set(row.values, rowStart[r]);
  });
  return { rowStart, indices, values, columns };
}

/** Row `row` of the matrix as a vector, without copying. */
export function matrixRow(matrix: SparseMatrix, row: number): SparseVector {
  const from = matrix.rowStart[row] as number;
  const to = matrix.rowStart[row + 1] as number;
  return { indices: matrix.indices.subarray(from, to), values: matrix.values.subarray(from, to) };
}

/** Scales values in place so their L2 norm is `norm` (all zero stays zero). */
export function scaleToNorm(values: Float32Array, norm: number): void {
  let squares = 0;
  for (const v of values) squares += v * v;
  const scale = squares > 0 ? norm / Math.sqrt(squares) : 0;
  for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) * scale;
}

// Sums values by feature index without a Map per message: a dense scratch array plus the list of
// indices touched, so clearing costs only what was used.
import { scaleToNorm, type SparseVector } from './sparse-vector.ts';

export class SparseAccumulator {
  readonly #totals: Float64Array;
  readonly #touched: Int32Array;
  #count = 0;

  constructor(size: number) {
    this.#totals = new Float64Array(size);
    this.#touched = new Int32Array(size);
  }

  add(index: number, value: number): void {
    if (this.#totals[index] === 0) this.#touched[this.#count++] = index;
    this.#totals[index] = (this.#totals[index] as number) + value;
  }

  addAll(indices: Int32Array, values: ArrayLike<number>): void {
    for (let n = 0; n < indices.length; n++) this.add(indices[n] as number, values[n] as number);
  }

  /** The totals as a vector scaled to the given L2 norm; clears them. */
  drain(norm: number): SparseVector {
    const indices = this.#touched.slice(0, this.#count);
    const values = Float32Array.from(indices, (index) => this.#totals[index] as number);
    scaleToNorm(values, norm);
    this.sumOfSquaresAndClear();
    return { indices, values };
  }

  sumOfSquaresAndClear(): number {
    let squares = 0;
    for (let i = 0; i < this.#count; i++) {
      const index = this.#touched[i] as number;
      squares += (this.#totals[index] as number) ** 2;
      this.#totals[index] = 0;
    }
    this.#count = 0;
    return squares;
  }
}


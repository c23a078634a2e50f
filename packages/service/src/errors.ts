/** Thrown (or rejected) by a solve function that cannot take another solve now: answered 503. */
export class PoolFullError extends Error {
  constructor(message = "every solver is busy") {
    super(message);
    this.name = "PoolFullError";
  }
}

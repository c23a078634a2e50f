/**
 * A LinearModel as HiGHS's structured model data: column costs and bounds, row bounds and the
 * constraint matrix in compressed sparse row form, integrality and the objective's offset.
 * HiGHS copies the typed arrays straight into its WebAssembly memory; no text is written or
 * parsed on the way.
 */
import type { ModelData } from "highs";
import type { LinearModel } from "../../../packages/core/src/model/linear-model.js";

/** `infinity` is HiGHS's own (loaded from the module, `highs.infinity`). */
export function toHighsData(model: LinearModel, infinity: number): ModelData {
  const bound = (value: number): number => (value === Number.POSITIVE_INFINITY ? infinity : value === Number.NEGATIVE_INFINITY ? -infinity : value);
  const rows = model.constraints;
  const nonzeros = rows.reduce((n, row) => n + row.terms.length, 0);
  const starts = new Int32Array(rows.length + 1);
  const indices = new Int32Array(nonzeros);
  const values = new Float64Array(nonzeros);
  let k = 0;
  rows.forEach((row, i) => {
    for (const term of row.terms) {
      indices[k] = term.variable;
      values[k] = term.coefficient;
      k++;
    }
    starts[i + 1] = k;
  });
  return {
    numCols: model.variables.length,
    numRows: rows.length,
    offset: model.objectiveOffset,
    colCost: Float64Array.from(model.variables, (v) => v.cost),
    colLower: new Float64Array(model.variables.length),
    colUpper: Float64Array.from(model.variables, (v) => bound(v.upper)),
    rowLower: Float64Array.from(rows, (row) => bound(row.lower)),
    rowUpper: Float64Array.from(rows, (row) => bound(row.upper)),
    matrix: { format: "csr", numRows: rows.length, numCols: model.variables.length, starts, indices, values },
    integrality: Int32Array.from(model.variables, (v) => (v.integer ? 1 : 0)),
  };
}

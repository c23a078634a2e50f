/**
 * Away periods from an away flow. The flow gives each trainee its set of distinct away members
 * (at most P) and each member at most P × awayCapacity visitors over the programme; what is
 * left is which visit happens in which period, with at most awayCapacity visitors per member
 * and period.
 *
 * Split member m into awayCapacity copies and deal its visitors out over them in turn, so that
 * every copy has at most P visitors. The bipartite multigraph (trainees, member copies) then has
 * maximum degree at most P, and by König's edge-colouring theorem its edges take P colours with
 * no two edges of one colour at a vertex. Colour = period: each trainee gets one member per
 * period, each copy one visitor per period, so each member at most awayCapacity per period.
 * Exact whenever the away cost does not depend on the period (it does not) and every period
 * has the same capacities (no pins).
 *
 * The colouring is the classic one: for edge (u, v), take a colour a free at u and b free at
 * v; if a is not free at v, swap a and b along the alternating path from v (it cannot reach u
 * in a bipartite graph), which frees a at v.
 */

/**
 * `edges[k] = [left, right]`; left and right vertices are numbered from 0 separately, each of
 * degree at most `colours`. Returns the colour of each edge. `preferred[k]`, when given and not
 * -1, is the colour edge k takes if that colour is free at both its ends when its turn comes
 * (an alternating path may still change it later): edges listed first with preferred colours
 * that form a proper partial colouring keep them unless a later edge needs a swap through them.
 */
export function colourBipartiteEdges(
  leftCount: number,
  rightCount: number,
  edges: readonly (readonly [number, number])[],
  colours: number,
  preferred?: Int32Array,
): Int32Array {
  // at[vertex * colours + c]: the edge of colour c at the vertex, or -1.
  const atLeft = new Int32Array(leftCount * colours).fill(-1);
  const atRight = new Int32Array(rightCount * colours).fill(-1);
  const colour = new Int32Array(edges.length).fill(-1);
  const freeAt = (at: Int32Array, v: number): number => {
    for (let c = 0; c < colours; c++) if (at[v * colours + c] === -1) return c;
    throw new Error("internal: a vertex has more edges than colours");
  };
  const path: number[] = [];
  edges.forEach(([u, v], e) => {
    const wanted = preferred?.[e] ?? -1;
    if (wanted >= 0 && wanted < colours && atLeft[u * colours + wanted] === -1 && atRight[v * colours + wanted] === -1) {
      colour[e] = wanted;
      atLeft[u * colours + wanted] = e;
      atRight[v * colours + wanted] = e;
      return;
    }
    const a = freeAt(atLeft, u);
    if (atRight[v * colours + a] !== -1) {
      const b = freeAt(atRight, v);
      // The path from v alternates a, b, a, ...: collect it, then swap its colours.
      path.length = 0;
      let onRight = true;
      let vertex = v;
      let want = a;
      for (;;) {
        const next = (onRight ? atRight : atLeft)[vertex * colours + want] as number;
        if (next === -1) break;
        path.push(next);
        const [l, r] = edges[next] as readonly [number, number];
        vertex = onRight ? l : r;
        onRight = !onRight;
        want = want === a ? b : a;
      }
      for (const p of path) {
        const [l, r] = edges[p] as readonly [number, number];
        atLeft[l * colours + (colour[p] as number)] = -1;
        atRight[r * colours + (colour[p] as number)] = -1;
      }
      for (const p of path) {
        const [l, r] = edges[p] as readonly [number, number];
        const c = colour[p] === a ? b : a;
        colour[p] = c;
        atLeft[l * colours + c] = p;
        atRight[r * colours + c] = p;
      }
    }
    colour[e] = a;
    atLeft[u * colours + a] = e;
    atRight[v * colours + a] = e;
  });
  return colour;
}

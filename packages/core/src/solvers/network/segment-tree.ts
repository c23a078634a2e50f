/**
 * "Any class outside these organisations" in a flow network without an arc per (trainee,
 * class): a segment tree over organisation numbers whose leaves lead to the classes of one
 * organisation. A group of trainees that must avoid organisations X enters the O(|X| log n)
 * tree nodes that cover exactly the organisations not in X. Arcs go parent -> child only and
 * leaf -> class, so every unit entering a node ends at a class of an organisation that node
 * covers: the network allows exactly the allowed pairs, whatever the flow does.
 *
 * Subtrees without classes get no node; a node with one non-empty child is that child. A node
 * is entered only when every organisation with classes below it is allowed.
 */
import type { FlowNetwork } from "./min-cost-flow.js";

interface TreeNode {
  /** The lowest and highest organisation with classes below this node. */
  readonly first: number;
  readonly last: number;
  /** The flow node standing for the node. */
  readonly node: number;
  readonly left: TreeNode | null;
  readonly right: TreeNode | null;
}

export class OrganisationTree {
  private readonly root: TreeNode | null;
  /** Outgoing arcs of each tree flow node (to child nodes or class nodes), for decomposition. */
  private readonly arcsOf = new Map<number, number[]>();
  private readonly next = new Map<number, number>();

  /**
   * `classesByOrg[o]`: the flow nodes of organisation o's classes in this layer. Tree arcs have
   * unlimited capacity and cost 0; costs belong on the arcs into the tree.
   */
  constructor(
    private readonly network: FlowNetwork,
    classesByOrg: readonly (readonly number[])[],
  ) {
    this.root = this.build(classesByOrg, 0, classesByOrg.length);
  }

  /** Tree flow nodes covering every organisation with classes that is not in `excluded` (sorted ascending). */
  cover(excluded: readonly number[]): number[] {
    const out: number[] = [];
    let lo = 0;
    for (const x of excluded) {
      if (x > lo) this.collect(this.root, lo, x, out);
      lo = Math.max(lo, x + 1);
    }
    if (this.root !== null && lo <= this.root.last) this.collect(this.root, lo, this.root.last + 1, out);
    return out;
  }

  /**
   * Follows one unit of flow from tree node `node` down to a class node, taking it off the arcs
   * it uses (`flow` is the solution's arc flow, consumed as paths are read).
   */
  descend(node: number, flow: Float64Array, isClassNode: (n: number) => boolean): number {
    let at = node;
    while (!isClassNode(at)) {
      const arcs = this.arcsOf.get(at) as number[];
      let k = this.next.get(at) ?? 0;
      while ((flow[arcs[k] as number] as number) < 0.5) k++;
      this.next.set(at, k);
      const arc = arcs[k] as number;
      flow[arc] = (flow[arc] as number) - 1;
      at = this.network.arcTo(arc);
    }
    return at;
  }

  private build(classesByOrg: readonly (readonly number[])[], lo: number, hi: number): TreeNode | null {
    if (hi <= lo) return null;
    if (hi - lo === 1) {
      const classes = classesByOrg[lo] as readonly number[];
      if (classes.length === 0) return null;
      const node = this.network.addNode();
      this.arcsOf.set(node, classes.map((c) => this.network.addArc(node, c, Number.POSITIVE_INFINITY, 0)));
      return { first: lo, last: lo, node, left: null, right: null };
    }
    const mid = (lo + hi) >>> 1;
    const left = this.build(classesByOrg, lo, mid);
    const right = this.build(classesByOrg, mid, hi);
    if (left === null || right === null) return left ?? right;
    const node = this.network.addNode();
    this.arcsOf.set(node, [left, right].map((child) => this.network.addArc(node, child.node, Number.POSITIVE_INFINITY, 0)));
    return { first: left.first, last: right.last, node, left, right };
  }

  /** Nodes covering the organisations in [a, b) that have classes, within the subtree. */
  private collect(tree: TreeNode | null, a: number, b: number, out: number[]): void {
    if (tree === null || tree.last < a || b <= tree.first) return;
    if (a <= tree.first && tree.last < b) {
      out.push(tree.node);
      return;
    }
    this.collect(tree.left, a, b, out);
    this.collect(tree.right, a, b, out);
  }
}

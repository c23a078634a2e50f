/**
 * Minimum-cost flow by the primal network simplex (after LEMON's NetworkSimplex: a strongly
 * feasible spanning tree stored as parent/thread/successor-count arrays, block-search pivots).
 *
 * Why network simplex: the flows solved here are transportation problems with thousands of
 * units and tens of thousands of arcs. Successive shortest paths push one bottleneck (often 1
 * unit) per Dijkstra, which is thousands of Dijkstras; the simplex needs a few pivots per node.
 * Everything lives in typed arrays: no object per arc.
 *
 * Every node is joined to an artificial root by an arc with an "artificial" cost larger than
 * any simple path of real arcs can cost. A unit that cannot be routed stays on the artificial
 * arcs and pays that cost, so the answer is a maximum flow first and the cheapest among maximum
 * flows second (what `allowUnassigned` needs), and `routed < supply` says the demand could not
 * all be met. (Cheapest among maximum flows holds for non-negative costs: with negative ones, a
 * source may also take in flow that pays without meeting any demand. rotamatch's costs are >= 0.)
 *
 * Potentials: on return, the reduced cost of an arc, cost + potential[from] - potential[to], is
 * >= 0 for every arc with room left and <= 0 for every arc that carries flow (within a small
 * tolerance). An arc left out of the network "prices out" when its reduced cost under these
 * potentials is negative: adding it could make the flow cheaper.
 *
 * Warm starts: after a solve, arcs may be added and costs changed (not supplies or capacities),
 * and the next solve starts from the last spanning tree, which is still a feasible basis: only
 * the pivots the change calls for are made. Column generation and repeated solves with new
 * costs (the Lagrangian's host flow) rely on it.
 */

/** A flow network under construction: nodes with supplies, arcs with capacities and costs. */
export class FlowNetwork {
  private supplies: Float64Array;
  private nodes = 0;
  private from: Int32Array;
  private to: Int32Array;
  private capacity: Float64Array;
  private cost: Float64Array;
  private arcs = 0;

  constructor(nodeHint = 16, arcHint = 64) {
    this.supplies = new Float64Array(Math.max(1, nodeHint));
    this.from = new Int32Array(Math.max(1, arcHint));
    this.to = new Int32Array(Math.max(1, arcHint));
    this.capacity = new Float64Array(Math.max(1, arcHint));
    this.cost = new Float64Array(Math.max(1, arcHint));
  }

  get nodeCount(): number {
    return this.nodes;
  }

  get arcCount(): number {
    return this.arcs;
  }

  /** Adds a node with the given supply (positive: it sends; negative: it receives). */
  addNode(supply = 0): number {
    if (this.nodes === this.supplies.length) this.supplies = grow(this.supplies);
    this.supplies[this.nodes] = supply;
    return this.nodes++;
  }

  addSupply(node: number, amount: number): void {
    this.supplies[node] = (this.supplies[node] ?? 0) + amount;
  }

  supplyOf(node: number): number {
    return this.supplies[node] ?? 0;
  }

  /** Adds an arc; `capacity` may be Infinity. Returns the arc's number. */
  addArc(from: number, to: number, capacity: number, cost: number): number {
    if (this.arcs === this.from.length) {
      this.from = grow(this.from);
      this.to = grow(this.to);
      this.capacity = grow(this.capacity);
      this.cost = grow(this.cost);
    }
    const a = this.arcs++;
    this.from[a] = from;
    this.to[a] = to;
    this.capacity[a] = capacity;
    this.cost[a] = cost;
    return a;
  }

  arcFrom(arc: number): number {
    return this.from[arc] as number;
  }

  arcTo(arc: number): number {
    return this.to[arc] as number;
  }

  arcCost(arc: number): number {
    return this.cost[arc] as number;
  }

  /** Changes an arc's cost (the next solve starts from the last solution). */
  setCost(arc: number, cost: number): void {
    this.cost[arc] = cost;
  }

  arcCapacity(arc: number): number {
    return this.capacity[arc] as number;
  }

  /**
   * Solves the network; null when the deadline (a performance.now() value) passed first. A
   * later call continues from this one's basis (see the module comment); nodes and supplies
   * must not change in between.
   */
  solve(deadline = Number.POSITIVE_INFINITY): FlowSolution | null {
    this.simplex ??= new NetworkSimplex(this);
    return this.simplex.run(deadline);
  }

  private simplex: NetworkSimplex | null = null;

  /** The arrays, for the solver (read-only by convention). */
  raw(): { supplies: Float64Array; from: Int32Array; to: Int32Array; capacity: Float64Array; cost: Float64Array } {
    return { supplies: this.supplies, from: this.from, to: this.to, capacity: this.capacity, cost: this.cost };
  }
}

export interface FlowSolution {
  /** Flow on each arc, by arc number (integral when supplies and capacities are). */
  readonly flow: Float64Array;
  /** Total cost of the flow on the network's arcs. */
  readonly cost: number;
  /** Node potentials: reduced cost = cost + potential[from] - potential[to]. */
  readonly potential: Float64Array;
  /** The total positive supply, and how much of it reached a demand. */
  readonly supply: number;
  readonly routed: number;
  /** Simplex pivots made (for statistics). */
  readonly pivots: number;
}

function grow<T extends Float64Array | Int32Array>(array: T): T {
  const next = new (array.constructor as new (length: number) => T)(array.length * 2);
  next.set(array);
  return next;
}

const STATE_UPPER = -1;
const STATE_TREE = 0;
const STATE_LOWER = 1;
const DIR_UP = 1;
const DIR_DOWN = -1;
/** Pivots between two looks at the clock. */
const CLOCK_EVERY = 256;

class NetworkSimplex {
  private readonly n: number; // real nodes; the root is node n
  /** Arcs known to the simplex: the artificial arc of node u is arc u, real arc a is arc n + a. */
  private arcs: number;
  private source: Int32Array;
  private target: Int32Array;
  private cap: Float64Array;
  private cost: Float64Array;
  private flow: Float64Array;
  private state: Int8Array;
  private readonly pi: Float64Array;
  private readonly parent: Int32Array;
  private readonly pred: Int32Array;
  private readonly thread: Int32Array;
  private readonly revThread: Int32Array;
  private readonly succNum: Int32Array;
  private readonly lastSucc: Int32Array;
  private readonly predDir: Int8Array;
  private readonly dirty: Int32Array;
  private readonly supply: number;
  /** Node kinds, for the artificial arcs' costs: 1 source, 0 transshipment, -1 sink. */
  private readonly kind: Int8Array;
  private artificialCost = 0;
  /** Entering arcs need a reduced cost below -epsilon (costs are floats). */
  private epsilon = 0;
  private blockSize = 10;
  private nextArc = 0;
  private pivots = 0;

  // The pivot under way.
  private inArc = 0;
  private join = 0;
  private uIn = 0;
  private vIn = 0;
  private uOut = 0;
  private delta = 0;

  constructor(private readonly network: FlowNetwork) {
    const { supplies } = network.raw();
    const n = network.nodeCount;
    this.n = n;
    this.arcs = n;
    const room = n + Math.max(16, network.arcCount);
    this.source = new Int32Array(room);
    this.target = new Int32Array(room);
    this.cap = new Float64Array(room);
    this.cost = new Float64Array(room);
    this.flow = new Float64Array(room);
    this.state = new Int8Array(room);

    let sum = 0;
    let positive = 0;
    for (let u = 0; u < n; u++) {
      const b = supplies[u] as number;
      sum += b;
      if (b > 0) positive += b;
    }
    if (Math.abs(sum) > 1e-9 * Math.max(1, positive)) throw new RangeError(`supplies must sum to 0, got ${sum}`);
    this.supply = positive;

    this.pi = new Float64Array(n + 1);
    this.parent = new Int32Array(n + 1);
    this.pred = new Int32Array(n + 1);
    this.thread = new Int32Array(n + 1);
    this.revThread = new Int32Array(n + 1);
    this.succNum = new Int32Array(n + 1);
    this.lastSucc = new Int32Array(n + 1);
    this.predDir = new Int8Array(n + 1);
    this.dirty = new Int32Array(n + 1);
    this.kind = new Int8Array(n);

    // The first basis: every node hangs from the root by its artificial arc.
    const root = n;
    this.parent[root] = -1;
    this.pred[root] = -1;
    this.thread[root] = 0;
    this.revThread[0] = root;
    this.succNum[root] = n + 1;
    this.lastSucc[root] = n === 0 ? root : root - 1;
    for (let u = 0; u < n; u++) {
      const e = u;
      this.parent[u] = root;
      this.pred[u] = e;
      this.thread[u] = u + 1;
      this.revThread[u + 1] = u;
      this.succNum[u] = 1;
      this.lastSucc[u] = u;
      this.cap[e] = Number.POSITIVE_INFINITY;
      this.state[e] = STATE_TREE;
      const b = supplies[u] as number;
      this.kind[u] = b > 0 ? 1 : b < 0 ? -1 : 0;
      if (b >= 0) {
        // Supply left at a source costs nothing to leave; a transshipment node may not absorb flow.
        this.predDir[u] = DIR_UP;
        this.source[e] = u;
        this.target[e] = root;
        this.flow[e] = b;
      } else {
        this.predDir[u] = DIR_DOWN;
        this.source[e] = root;
        this.target[e] = u;
        this.flow[e] = -b;
      }
    }
  }

  run(deadline: number): FlowSolution | null {
    this.sync();
    while (this.findEnteringArc()) {
      this.findJoinNode();
      const change = this.findLeavingArc();
      if (this.delta === Number.POSITIVE_INFINITY) throw new RangeError("min-cost flow: a negative cycle of unlimited capacity");
      this.changeFlow(change);
      if (change) {
        this.updateTreeStructure();
        this.updatePotential();
      }
      this.pivots++;
      if (this.pivots % CLOCK_EVERY === 0 && performance.now() > deadline) return null;
    }
    const n = this.n;
    let unrouted = 0;
    for (let u = 0; u < n; u++) if (this.source[u] === n) unrouted += this.flow[u] as number; // root -> sink: met by no one
    let total = 0;
    for (let e = n; e < this.arcs; e++) total += (this.flow[e] as number) * (this.cost[e] as number);
    return {
      flow: this.flow.slice(n, this.arcs),
      cost: total,
      potential: this.pi.slice(0, n),
      supply: this.supply,
      routed: this.supply - unrouted,
      pivots: this.pivots,
    };
  }

  /**
   * Takes in the arcs added and the costs changed since the last run, resets the artificial
   * cost above any simple path and the potentials to the (unchanged) tree.
   */
  private sync(): void {
    const { from, to, capacity, cost } = this.network.raw();
    const n = this.n;
    const m = this.network.arcCount;
    if (n + m > this.source.length) this.reserve(n + m);
    for (let a = this.arcs - n; a < m; a++) {
      const e = n + a;
      this.source[e] = from[a] as number;
      this.target[e] = to[a] as number;
      this.cap[e] = capacity[a] as number;
      this.flow[e] = 0;
      this.state[e] = STATE_LOWER;
    }
    this.arcs = n + m;
    let largest = 0;
    for (let a = 0; a < m; a++) {
      const c = cost[a] as number;
      this.cost[n + a] = c;
      if (Math.abs(c) > largest) largest = Math.abs(c);
    }
    // Any simple path has at most n arcs, so it costs less than this.
    this.artificialCost = (largest + 1) * (n + 1);
    for (let u = 0; u < n; u++) this.cost[u] = this.kind[u] === 1 ? 0 : this.artificialCost;
    // Potentials reach the artificial cost, so their rounding error scales with it.
    this.epsilon = Math.max(1e-12 * (largest + 1), 2 ** -46 * this.artificialCost);
    this.blockSize = Math.max(10, Math.ceil(Math.sqrt(this.arcs)));
    // Tree arcs have reduced cost 0: walk the tree from the root, parents before children.
    const root = n;
    this.pi[root] = 0;
    for (let u = this.thread[root] as number; u !== root; u = this.thread[u] as number) {
      this.pi[u] = (this.pi[this.parent[u] as number] as number) - (this.predDir[u] as number) * (this.cost[this.pred[u] as number] as number);
    }
  }

  private reserve(size: number): void {
    const room = Math.max(size, 2 * this.source.length);
    const widen = <T extends Int32Array | Float64Array | Int8Array>(array: T): T => {
      const next = new (array.constructor as new (length: number) => T)(room);
      next.set(array);
      return next;
    };
    this.source = widen(this.source);
    this.target = widen(this.target);
    this.cap = widen(this.cap);
    this.cost = widen(this.cost);
    this.flow = widen(this.flow);
    this.state = widen(this.state);
  }

  /** Block search: the most violating arc of the first block that has one. */
  private findEnteringArc(): boolean {
    const { state, cost, pi, source, target } = this;
    const total = this.arcs;
    const block = this.blockSize;
    let min = -this.epsilon;
    let found = -1;
    let count = block;
    let e = this.nextArc;
    for (let k = 0; k < total; k++) {
      const c = (state[e] as number) * ((cost[e] as number) + (pi[source[e] as number] as number) - (pi[target[e] as number] as number));
      if (c < min) {
        min = c;
        found = e;
      }
      if (++e === total) e = 0;
      if (--count === 0) {
        if (found !== -1) break;
        count = block;
      }
    }
    if (found === -1) return false;
    this.nextArc = e;
    this.inArc = found;
    return true;
  }

  private findJoinNode(): void {
    let u = this.source[this.inArc] as number;
    let v = this.target[this.inArc] as number;
    while (u !== v) {
      if ((this.succNum[u] as number) < (this.succNum[v] as number)) u = this.parent[u] as number;
      else v = this.parent[v] as number;
    }
    this.join = u;
  }

  /** The leaving arc, chosen so that the tree stays strongly feasible (no cycling). */
  private findLeavingArc(): boolean {
    const inArc = this.inArc;
    let first: number;
    let second: number;
    if (this.state[inArc] === STATE_LOWER) {
      first = this.source[inArc] as number;
      second = this.target[inArc] as number;
    } else {
      first = this.target[inArc] as number;
      second = this.source[inArc] as number;
    }
    let delta = this.cap[inArc] as number;
    let result = 0;
    for (let u = first; u !== this.join; u = this.parent[u] as number) {
      const e = this.pred[u] as number;
      const d = this.predDir[u] === DIR_DOWN ? (this.cap[e] as number) - (this.flow[e] as number) : (this.flow[e] as number);
      if (d < delta) {
        delta = d;
        this.uOut = u;
        result = 1;
      }
    }
    for (let u = second; u !== this.join; u = this.parent[u] as number) {
      const e = this.pred[u] as number;
      const d = this.predDir[u] === DIR_UP ? (this.cap[e] as number) - (this.flow[e] as number) : (this.flow[e] as number);
      if (d <= delta) {
        delta = d;
        this.uOut = u;
        result = 2;
      }
    }
    if (result === 1) {
      this.uIn = first;
      this.vIn = second;
    } else {
      this.uIn = second;
      this.vIn = first;
    }
    this.delta = delta;
    return result !== 0;
  }

  private changeFlow(change: boolean): void {
    const inArc = this.inArc;
    if (this.delta > 0) {
      const val = (this.state[inArc] as number) * this.delta;
      this.flow[inArc] = (this.flow[inArc] as number) + val;
      for (let u = this.source[inArc] as number; u !== this.join; u = this.parent[u] as number) {
        const e = this.pred[u] as number;
        this.flow[e] = (this.flow[e] as number) - (this.predDir[u] as number) * val;
      }
      for (let u = this.target[inArc] as number; u !== this.join; u = this.parent[u] as number) {
        const e = this.pred[u] as number;
        this.flow[e] = (this.flow[e] as number) + (this.predDir[u] as number) * val;
      }
    }
    if (change) {
      this.state[inArc] = STATE_TREE;
      const out = this.pred[this.uOut] as number;
      this.state[out] = this.flow[out] === 0 ? STATE_LOWER : STATE_UPPER;
    } else {
      this.state[inArc] = -(this.state[inArc] as number);
    }
  }

  private updateTreeStructure(): void {
    const { parent, thread, revThread, succNum, lastSucc, pred, predDir } = this;
    const uIn = this.uIn;
    const vIn = this.vIn;
    const uOut = this.uOut;
    const join = this.join;
    const inArc = this.inArc;
    const oldRevThread = revThread[uOut] as number;
    const oldSuccNum = succNum[uOut] as number;
    const oldLastSucc = lastSucc[uOut] as number;
    const vOut = parent[uOut] as number;

    if (uIn === uOut) {
      parent[uIn] = vIn;
      pred[uIn] = inArc;
      predDir[uIn] = uIn === this.source[inArc] ? DIR_UP : DIR_DOWN;
      if (thread[vIn] !== uOut) {
        let after = thread[oldLastSucc] as number;
        thread[oldRevThread] = after;
        revThread[after] = oldRevThread;
        after = thread[vIn] as number;
        thread[vIn] = uOut;
        revThread[uOut] = vIn;
        thread[oldLastSucc] = after;
        revThread[after] = oldLastSucc;
      }
    } else {
      const threadContinue = oldRevThread === vIn ? (thread[oldLastSucc] as number) : (thread[vIn] as number);
      let stem = uIn;
      let parStem = vIn;
      let last = lastSucc[uIn] as number;
      let after = thread[last] as number;
      thread[vIn] = uIn;
      let dirtyCount = 0;
      this.dirty[dirtyCount++] = vIn;
      while (stem !== uOut) {
        const nextStem = parent[stem] as number;
        thread[last] = nextStem;
        this.dirty[dirtyCount++] = last;
        const before = revThread[stem] as number;
        thread[before] = after;
        revThread[after] = before;
        parent[stem] = parStem;
        parStem = stem;
        stem = nextStem;
        last = lastSucc[stem] === lastSucc[parStem] ? (revThread[parStem] as number) : (lastSucc[stem] as number);
        after = thread[last] as number;
      }
      parent[uOut] = parStem;
      thread[last] = threadContinue;
      revThread[threadContinue] = last;
      lastSucc[uOut] = last;
      if (oldRevThread !== vIn) {
        thread[oldRevThread] = after;
        revThread[after] = oldRevThread;
      }
      for (let i = 0; i < dirtyCount; i++) {
        const u = this.dirty[i] as number;
        revThread[thread[u] as number] = u;
      }
      let tmpSc = 0;
      const tmpLs = lastSucc[uOut] as number;
      for (let u = uOut, p = parent[u] as number; u !== uIn; u = p, p = parent[u] as number) {
        pred[u] = pred[p] as number;
        predDir[u] = -(predDir[p] as number);
        tmpSc += (succNum[u] as number) - (succNum[p] as number);
        succNum[u] = tmpSc;
        lastSucc[p] = tmpLs;
      }
      pred[uIn] = inArc;
      predDir[uIn] = uIn === this.source[inArc] ? DIR_UP : DIR_DOWN;
      succNum[uIn] = oldSuccNum;
    }

    const upLimitOut = lastSucc[join] === vIn ? join : -1;
    const lastSuccOut = lastSucc[uOut] as number;
    for (let u = vIn; u !== -1 && lastSucc[u] === vIn; u = parent[u] as number) lastSucc[u] = lastSuccOut;
    if (join !== oldRevThread && vIn !== oldRevThread) {
      for (let u = vOut; u !== upLimitOut && lastSucc[u] === oldLastSucc; u = parent[u] as number) lastSucc[u] = oldRevThread;
    } else if (lastSuccOut !== oldLastSucc) {
      for (let u = vOut; u !== upLimitOut && lastSucc[u] === oldLastSucc; u = parent[u] as number) lastSucc[u] = lastSuccOut;
    }
    for (let u = vIn; u !== join; u = parent[u] as number) succNum[u] = (succNum[u] as number) + oldSuccNum;
    for (let u = vOut; u !== join; u = parent[u] as number) succNum[u] = (succNum[u] as number) - oldSuccNum;
  }

  /** Shifts the potentials of the subtree that moved so that tree arcs keep reduced cost 0. */
  private updatePotential(): void {
    const uIn = this.uIn;
    const sigma = (this.pi[this.vIn] as number) - (this.pi[uIn] as number) - (this.predDir[uIn] as number) * (this.cost[this.inArc] as number);
    const end = this.thread[this.lastSucc[uIn] as number] as number;
    for (let u = uIn; u !== end; u = this.thread[u] as number) this.pi[u] = (this.pi[u] as number) + sigma;
  }
}

/**
 * Shortest distances from `root` to every node in the residual network of an optimal flow
 * (Infinity where unreachable). They are potentials too (every residual arc has reduced cost
 * >= 0 under them), and the ones that make each full arc's price, minus its reduced cost, as
 * small as it can be: the gain of one more unit of its capacity, measured from `root`. Dijkstra
 * on the reduced costs of `solution`'s potentials, which are >= 0 on residual arcs.
 */
export function residualDistances(network: FlowNetwork, solution: FlowSolution, root: number): Float64Array {
  const n = network.nodeCount;
  const m = network.arcCount;
  const { from, to, capacity, cost } = network.raw();
  const pi = solution.potential;
  // Residual arcs out of each node (CSR): forward arcs with room, reverse arcs with flow.
  const degree = new Int32Array(n + 1);
  for (let a = 0; a < m; a++) {
    const u = (from[a] as number) + 1;
    const v = (to[a] as number) + 1;
    if ((solution.flow[a] as number) < (capacity[a] as number)) degree[u] = (degree[u] as number) + 1;
    if ((solution.flow[a] as number) > 0) degree[v] = (degree[v] as number) + 1;
  }
  for (let v = 0; v < n; v++) degree[v + 1] = (degree[v + 1] as number) + (degree[v] as number);
  const head = degree.slice();
  const target = new Int32Array(degree[n] as number);
  const weight = new Float64Array(degree[n] as number);
  for (let a = 0; a < m; a++) {
    const u = from[a] as number;
    const v = to[a] as number;
    const reduced = (cost[a] as number) + (pi[u] as number) - (pi[v] as number);
    if ((solution.flow[a] as number) < (capacity[a] as number)) {
      const k = head[u] as number;
      head[u] = k + 1;
      target[k] = v;
      weight[k] = Math.max(0, reduced);
    }
    if ((solution.flow[a] as number) > 0) {
      const k = head[v] as number;
      head[v] = k + 1;
      target[k] = u;
      weight[k] = Math.max(0, -reduced);
    }
  }
  const distance = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const done = new Uint8Array(n);
  const heap = new MinHeap(n);
  distance[root] = 0;
  heap.push(root, 0);
  while (heap.size > 0) {
    const u = heap.pop();
    if (done[u] === 1) continue;
    done[u] = 1;
    const du = distance[u] as number;
    for (let k = degree[u] as number; k < (degree[u + 1] as number); k++) {
      const v = target[k] as number;
      const dv = du + (weight[k] as number);
      if (dv < (distance[v] as number)) {
        distance[v] = dv;
        heap.push(v, dv);
      }
    }
  }
  // Back from reduced to true costs.
  const shift = pi[root] as number;
  for (let v = 0; v < n; v++) distance[v] = (distance[v] as number) - shift + (pi[v] as number);
  return distance;
}

/** A binary min-heap of (node, key) with lazy deletion (a node may be pushed more than once). */
class MinHeap {
  private nodes: Int32Array;
  private keys: Float64Array;
  size = 0;
  constructor(capacity: number) {
    this.nodes = new Int32Array(Math.max(16, capacity));
    this.keys = new Float64Array(Math.max(16, capacity));
  }
  push(node: number, key: number): void {
    if (this.size === this.nodes.length) {
      this.nodes = grow(this.nodes);
      this.keys = grow(this.keys);
    }
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((this.keys[parent] as number) <= key) break;
      this.nodes[i] = this.nodes[parent] as number;
      this.keys[i] = this.keys[parent] as number;
      i = parent;
    }
    this.nodes[i] = node;
    this.keys[i] = key;
  }
  pop(): number {
    const top = this.nodes[0] as number;
    const lastNode = this.nodes[--this.size] as number;
    const lastKey = this.keys[this.size] as number;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && (this.keys[child + 1] as number) < (this.keys[child] as number)) child++;
      if ((this.keys[child] as number) >= lastKey) break;
      this.nodes[i] = this.nodes[child] as number;
      this.keys[i] = this.keys[child] as number;
      i = child;
    }
    this.nodes[i] = lastNode;
    this.keys[i] = lastKey;
    return top;
  }
}

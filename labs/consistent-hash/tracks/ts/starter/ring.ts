// Your hash ring. The contract is in README.md; driver.ts (provided, do not edit) calls it.
import { createHash } from "node:crypto";

/** The first 4 bytes of SHA-1 over the UTF-8 bytes of `s`, read as a big-endian unsigned 32-bit integer. */
export function hash(s: string): number {
  // TODO: createHash("sha1") is imported above.
  void createHash;
  throw new Error("not implemented");
}

export interface HashRingOptions {
  /** Virtual nodes per node (at least 1): node `${node}#${i}` for i in 0..replicas-1 sits at hash of that name. */
  replicas: number;
}

export class HashRing {
  constructor(options: HashRingOptions) {
    // TODO: keep the replicas, the member nodes and the ring's points sorted in ring order.
    void options;
  }

  /** Puts the node's virtual nodes on the ring; a node already there: no change. */
  add(node: string): void {
    // TODO
    void node;
    throw new Error("not implemented");
  }

  /** Takes all of the node's virtual nodes off the ring; an unknown node: no change. */
  remove(node: string): void {
    // TODO
    void node;
    throw new Error("not implemented");
  }

  /** The node of the first virtual node at or after hash(key), wrapping; undefined on an empty ring. */
  get(key: string): string | undefined {
    // TODO
    void key;
    throw new Error("not implemented");
  }

  /** Up to n distinct nodes, walking clockwise from where get(key) lands; [] on an empty ring or n <= 0. */
  getN(key: string, n: number): string[] {
    // TODO
    void key;
    void n;
    throw new Error("not implemented");
  }
}

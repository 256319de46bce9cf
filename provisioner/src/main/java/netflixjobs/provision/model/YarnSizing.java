package netflixjobs.provision.model;

/**
 * How much of a worker YARN hands out, and the MapReduce container sizes that fit it. Keeps a
 * quarter of memory (at least 1.5 GiB, at most 8 GiB) for the OS, the DataNode and the NodeManager.
 */
public record YarnSizing(int nodeMemoryMiB, int vcores, int minAllocationMiB, int mapMemoryMiB,
                         int reduceMemoryMiB, int amMemoryMiB) {
  public static final int MIN_NODE_MEMORY = 1024;

  public static YarnSizing of(Resources r) {
    int reserved = clamp(r.memoryMiB() / 4, 1536, 8192);
    int node = roundDown(r.memoryMiB() - reserved, 256);
    if (node < MIN_NODE_MEMORY)
      throw new IllegalArgumentException("a worker with " + r.memoryMiB() + " MiB leaves YARN less than "
          + MIN_NODE_MEMORY + " MiB; choose a larger instance type");
    int map = Math.min(node, clamp(roundDown(node / r.vcpus(), 512), 1024, 4096));
    int reduce = Math.min(node, 2 * map);
    int am = Math.min(node, Math.max(1024, map));
    return new YarnSizing(node, r.vcpus(), 512, map, reduce, am);
  }

  /** JVM heap for a container of this size: 80%, leaving room for off-heap memory. */
  public static int heapMiB(int containerMiB) { return containerMiB * 4 / 5; }

  /** Heap for the master's NameNode and ResourceManager: a quarter of the master's memory each, within bounds. */
  public static int masterDaemonHeapMiB(Resources master) { return clamp(roundDown(master.memoryMiB() / 4, 256), 512, 16384); }

  static int clamp(int v, int lo, int hi) { return Math.max(lo, Math.min(hi, v)); }
  static int roundDown(int v, int step) { return v / step * step; }
}

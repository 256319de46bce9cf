package netflixjobs.provision.model;

/**
 * How much of a worker YARN hands out, and the MapReduce container sizes that fit it. Keeps a
 * quarter of memory (at least 1.5 GiB, at most 8 GiB) for the OS, the DataNode and the NodeManager.
 * A job's application master holds its container for the whole job, so on a one-worker cluster
 * (or when the AM lands beside the last task) a map or a reduce must fit on the same worker next
 * to it: the sizes are chosen so that AM + reduce and AM + map each fit in one NodeManager.
 */
public record YarnSizing(int nodeMemoryMiB, int vcores, int minAllocationMiB, int mapMemoryMiB,
                         int reduceMemoryMiB, int amMemoryMiB) {
  /** YARN rounds every request up to a multiple of this, so every size here is one. */
  public static final int MIN_ALLOCATION = 512;
  /** The smallest container a MapReduce task or application master gets: below this their JVMs run short of heap. */
  public static final int MIN_CONTAINER = 1024;
  /** Vcores each MapReduce container asks for (Hadoop's default for maps, reduces and the AM; the templates keep it). */
  public static final int CONTAINER_VCORES = 1;

  public static YarnSizing of(Resources r) {
    int reserved = clamp(r.memoryMiB() / 4, 1536, 8192);
    int node = roundDown(r.memoryMiB() - reserved, 256);
    if (node < 2 * MIN_CONTAINER)
      throw new IllegalArgumentException("a worker with " + r.memoryMiB() + " MiB leaves YARN " + Math.max(0, node)
          + " MiB, too little to run a MapReduce application master and a task side by side (" + 2 * MIN_CONTAINER
          + " MiB); choose a larger instance type (at least 4 GiB)");
    // one map per vCPU, but never more than half the node: the AM (as large as a map) must fit beside it
    int map = clamp(roundDown(node / Math.max(2, r.vcpus()), MIN_ALLOCATION), MIN_CONTAINER, 4096);
    int am = map;
    // a reduce gets twice a map's memory where the node holds that beside the AM, else what is left
    int reduce = Math.min(2 * map, roundDown(node - am, MIN_ALLOCATION));
    // YARN's vcores are scheduling units, not cores: at least two, so an AM and a task can run together
    int vcores = Math.max(2 * CONTAINER_VCORES, r.vcpus());
    return new YarnSizing(node, vcores, MIN_ALLOCATION, map, reduce, am);
  }

  /** JVM heap for a container of this size: 80%, leaving room for off-heap memory. */
  public static int heapMiB(int containerMiB) { return containerMiB * 4 / 5; }

  /** Heap for the master's NameNode and ResourceManager: a quarter of the master's memory each, within bounds. */
  public static int masterDaemonHeapMiB(Resources master) { return clamp(roundDown(master.memoryMiB() / 4, 256), 512, 16384); }

  static int clamp(int v, int lo, int hi) { return Math.max(lo, Math.min(hi, v)); }
  static int roundDown(int v, int step) { return v / step * step; }
}

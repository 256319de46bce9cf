package netflixjobs.knn;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import netflixjobs.ratings.Dataset;

/**
 * How the films are split into blocks. Films are ranked by rating count (most rated first, ties
 * by smaller id); the film of rank r goes to block {@code r mod B} with local index
 * {@code r / B}. So every block gets the same number of films (within one) and the same mix of
 * popular and rare ones, which balances both the memory and the work of the block-pair tasks,
 * and inside a block the most rated films have the smallest indices, which keeps the hot corner
 * of each task's pair array small. Fully determined by the census (film, count) and B.
 */
public final class BlockPlan {
  /** Bytes of accumulator per film pair: six int sums. */
  public static final int BYTES_PER_PAIR = 6 * Integer.BYTES;
  /** Largest Java int array we allocate (the JVM's limit is a little below 2^31). */
  static final long MAX_ARRAY = Integer.MAX_VALUE - 16;

  private final int blocks;
  private final int[] byRank;   // film id of rank r
  private final int[] counts;   // rating count of rank r
  private final int[] sortedIds; // film ids ascending (for lookups when ids are sparse)
  private final int[] rankOfSorted;
  private final int[] dense;    // film id -> rank + 1, when ids are dense enough

  public BlockPlan(int[] ids, int[] ratingCounts, int blocks) {
    int m = ids.length;
    if (blocks < 1 || (m > 0 && blocks > m)) {
      throw new IllegalArgumentException("blocks must be 1.." + m + ", not " + blocks);
    }
    this.blocks = blocks;
    Integer[] order = new Integer[m];
    for (int i = 0; i < m; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> ratingCounts[a] != ratingCounts[b]
        ? Integer.compare(ratingCounts[b], ratingCounts[a]) : Integer.compare(ids[a], ids[b]));
    byRank = new int[m];
    counts = new int[m];
    for (int r = 0; r < m; r++) {
      byRank[r] = ids[order[r]];
      counts[r] = ratingCounts[order[r]];
    }
    Integer[] idOrder = new Integer[m];
    for (int r = 0; r < m; r++) {
      idOrder[r] = r;
    }
    Arrays.sort(idOrder, (a, b) -> Integer.compare(byRank[a], byRank[b]));
    sortedIds = new int[m];
    rankOfSorted = new int[m];
    int min = Integer.MAX_VALUE;
    int max = Integer.MIN_VALUE;
    for (int i = 0; i < m; i++) {
      sortedIds[i] = byRank[idOrder[i]];
      rankOfSorted[i] = idOrder[i];
      if (i > 0 && sortedIds[i] == sortedIds[i - 1]) {
        throw new IllegalArgumentException("film " + sortedIds[i] + " listed twice");
      }
      min = Math.min(min, sortedIds[i]);
      max = Math.max(max, sortedIds[i]);
    }
    if (m > 0 && min >= 0 && max < 4L * m + (1 << 20)) {
      dense = new int[max + 1];
      for (int r = 0; r < m; r++) {
        dense[byRank[r]] = r + 1;
      }
    } else {
      dense = null;
    }
  }

  public int blocks() {
    return blocks;
  }

  public int films() {
    return byRank.length;
  }

  /** The rank of a film (0 = most rated), or -1 when the plan does not know it. */
  public int rank(int film) {
    if (dense != null) {
      return film >= 0 && film < dense.length ? dense[film] - 1 : -1;
    }
    int i = Arrays.binarySearch(sortedIds, film);
    return i < 0 ? -1 : rankOfSorted[i];
  }

  public int blockOfRank(int rank) {
    return rank % blocks;
  }

  public int localOfRank(int rank) {
    return rank / blocks;
  }

  /** Number of films in block b. */
  public int size(int b) {
    return (byRank.length - b + blocks - 1) / blocks;
  }

  /** The film id at local index {@code local} of block b. */
  public int film(int b, int local) {
    return byRank[local * blocks + b];
  }

  /** Rating count of the film at local index {@code local} of block b. */
  public int count(int b, int local) {
    return counts[local * blocks + b];
  }

  /** Accumulator pairs of the task for blocks (a, b). */
  public long pairs(int a, int b) {
    long sa = size(a);
    return a == b ? sa * (sa - 1) / 2 : sa * size(b);
  }

  /**
   * The number of blocks: the smallest that fits the largest block pair's sums into
   * {@code budgetBytes} (and a Java array), raised to give at least {@code parallel} tasks.
   */
  public static int chooseBlocks(int films, long budgetBytes, int parallel) {
    if (films <= 1) {
      return 1;
    }
    int b = 1;
    while (b < films) {
      long s = (films + b - 1) / b;
      long worst = b == 1 ? s * (s - 1) / 2 : s * s;
      if (worst * BYTES_PER_PAIR <= budgetBytes && worst * 6 <= MAX_ARRAY) {
        break;
      }
      b++;
    }
    int p = 1;
    while ((long) p * (p + 1) / 2 < parallel && p < films) {
      p++;
    }
    return Math.min(films, Math.max(b, p));
  }

  /** Reads a census file or directory (lines {@code film<TAB>count}) into a plan with B blocks. */
  public static BlockPlan read(Configuration conf, Path census, int blocks) throws IOException {
    List<int[]> rows = new ArrayList<>();
    FileSystem fs = census.getFileSystem(conf);
    List<Path> files = fs.getFileStatus(census).isFile() ? List.of(census) : Dataset.partFiles(conf, census);
    for (Path p : files) {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(p), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          int tab = line.indexOf('\t');
          if (tab > 0) {
            rows.add(new int[] {Integer.parseInt(line.substring(0, tab)), Integer.parseInt(line.substring(tab + 1))});
          }
        }
      }
    }
    int[] ids = new int[rows.size()];
    int[] counts = new int[rows.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = rows.get(i)[0];
      counts[i] = rows.get(i)[1];
    }
    return new BlockPlan(ids, counts, blocks);
  }

  /** The plan a task uses: census path and block count from the job configuration. */
  public static BlockPlan fromConf(Configuration conf) throws IOException {
    String census = conf.get(KnnConf.CENSUS);
    if (census == null) {
      throw new IOException(KnnConf.CENSUS + " is not set");
    }
    return read(conf, new Path(census), conf.getInt(KnnConf.BLOCKS, 1));
  }
}

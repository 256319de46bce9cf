package netflixjobs.importer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Partitioner;
import org.apache.hadoop.mapreduce.Reducer;

import netflixjobs.importer.ImportCounter.Bad;

/**
 * The MapReduce pass of import. Maps parse lines (a parser per file, state kept across the
 * file's lines) and send the records of each block of {@link #BLOCK_USERS} user ids as one
 * chunk; a reduce sees all of a user's records together, so duplicates, probe entries and the
 * probe split are resolved there, and every part file holds whole users sorted by (user, movie).
 */
public final class ImportJob {
  /** The map output key of rejected lines: no block of user ids is negative. */
  static final int REJECT_USER = -1;
  /** Users are shuffled in blocks of this many consecutive ids: the map output key is user / this. */
  static final int BLOCK_BITS = 10;
  static final int BLOCK_USERS = 1 << BLOCK_BITS;

  private ImportJob() {}

  static long pairKey(int user, int movie) {
    return (long) user << 32 | movie;
  }

  /**
   * Parses blocks of lines and sends the records of each block of user ids as one chunk per
   * task, grouped in memory as they come and flushed every {@link ImportConf#MAP_BUFFER_RECORDS} records.
   */
  public static class ParseMapper extends Mapper<SourceLine, LineBlock, IntWritable, ImportChunk> {
    private final ParsedLine parsed = new ParsedLine();
    private final IntWritable outKey = new IntWritable();
    private final ImportChunk rejectChunk = new ImportChunk();
    private final Map<Bad, Counter> badCounters = new EnumMap<>(Bad.class);
    private Counter ratingLines;
    private Counter probeLines;
    private LineParser parser;
    private int rejectsLeft;
    private int capacity;
    private int size;
    private ImportChunk[] blocks = new ImportChunk[1 << 10]; // by user id / BLOCK_USERS

    @Override
    protected void setup(Context context) {
      ratingLines = context.getCounter(ImportCounter.RATING_LINES_READ);
      probeLines = context.getCounter(ImportCounter.PROBE_LINES_READ);
      for (Bad b : Bad.values()) {
        badCounters.put(b, context.getCounter(b));
      }
      rejectsLeft = context.getConfiguration().getInt(ImportConf.REJECTS_KEPT, ImportConf.DEFAULT_REJECTS_KEPT);
      capacity = context.getConfiguration().getInt(ImportConf.MAP_BUFFER_RECORDS, ImportConf.DEFAULT_MAP_BUFFER_RECORDS);
    }

    @Override
    protected void map(SourceLine where, LineBlock block, Context context) throws IOException, InterruptedException {
      if (where.line() == 1) { // a file's first block: a fresh parser (Netflix files' movie header)
        parser = LineParser.of(where.format());
      }
      boolean probe = where.probe();
      ImportChunk.Kind ratingKind = probe ? ImportChunk.Kind.PROBE_RATING : ImportChunk.Kind.RATING;
      byte[] b = block.bytes();
      int n = block.length();
      long line = where.line();
      long records = 0; // counted per block: a counter per line was a tenth of the map
      for (int i = 0; i < n; line++) {
        int end = LineBlock.lineEnd(b, i, n);
        ParsedLine p = parser.parse(b, i, end, parsed);
        switch (p.outcome) {
          case SKIP -> { }
          case RATING -> {
            records++;
            buffer(context, p.user, p.movie, ImportChunk.payload(ratingKind, p.halfStars, p.day));
          }
          case PROBE_ID -> {
            records++;
            buffer(context, p.user, p.movie, ImportChunk.payload(ImportChunk.Kind.PROBE_ID, 0, 0));
          }
          case BAD -> {
            records++;
            reject(context, where.file(), line, p.bad, b, i, end);
          }
          default -> throw new IllegalStateException(p.toString());
        }
        i = LineBlock.nextLine(b, end, n);
      }
      (probe ? probeLines : ratingLines).increment(records);
    }

    private void reject(Context context, String file, long line, Bad why, byte[] b, int from, int to)
        throws IOException, InterruptedException {
      badCounters.get(why).increment(1);
      if (rejectsLeft > 0) {
        rejectsLeft--;
        outKey.set(REJECT_USER);
        String text = new String(b, from, to - from, StandardCharsets.UTF_8);
        context.write(outKey, rejectChunk.setReject(file + ":" + line + "\t" + why.text() + "\t"
            + (text.length() > 200 ? text.substring(0, 200) + "..." : text)));
      }
    }

    private void buffer(Context context, int user, int movie, int payload) throws IOException, InterruptedException {
      if (size >= capacity) {
        flush(context);
      }
      int block = user >>> BLOCK_BITS;
      if (block >= blocks.length) {
        blocks = Arrays.copyOf(blocks, Math.max(block + 1, blocks.length * 2));
      }
      ImportChunk c = blocks[block];
      if (c == null) {
        c = blocks[block] = new ImportChunk();
      }
      c.add(user, movie, payload);
      size++;
    }

    /** Emits a chunk per block of users, in block order. */
    private void flush(Context context) throws IOException, InterruptedException {
      for (int block = 0; block < blocks.length; block++) {
        ImportChunk c = blocks[block];
        if (c != null && c.size() > 0) {
          outKey.set(block);
          context.write(outKey, c);
          c.clear();
        }
      }
      size = 0;
      context.progress();
    }

    @Override
    protected void cleanup(Context context) throws IOException, InterruptedException {
      flush(context);
    }
  }

  /**
   * Every (user, movie) once: duplicates counted, probe entries joined, the probe split drawn.
   * A call takes one block of users; counters are added once a block.
   */
  public static class ResolveReducer extends Reducer<IntWritable, ImportChunk, IntWritable, ImportRecord> {
    private final ImportRecord out = new ImportRecord();
    private Counter duplicates;
    private Counter probeNoRating;
    private Counter ratingsOut;
    private Counter movedToProbe;
    private Counter probeMatched;
    private Counter probeRatingsOut;
    private Counter users;
    private Counter halfStarsSum;
    private long seed;
    private double fraction;
    private int[] blockUsers = new int[1 << 12];
    private long[] blockRecords = new long[1 << 12]; // movie | payload
    private long[] byUser = new long[1 << 12];
    private final int[] starts = new int[BLOCK_USERS + 1];
    private int[] chunkStarts = new int[16];
    private long[] chunkOrder = new long[16]; // least movie | chunk
    // this block's counts
    private long dup;
    private long noRating;
    private long kept;
    private long moved;
    private long matched;
    private long heldOutRatings;
    private long usersKept;
    private long halfStars;

    @Override
    protected void setup(Context context) {
      Configuration conf = context.getConfiguration();
      seed = conf.getLong(ImportConf.SEED, ImportConf.DEFAULT_SEED);
      fraction = conf.getDouble(ImportConf.PROBE_FRACTION, 0);
      duplicates = context.getCounter(Bad.DUPLICATE);
      probeNoRating = context.getCounter(Bad.PROBE_NO_RATING);
      ratingsOut = context.getCounter(ImportCounter.RATINGS);
      movedToProbe = context.getCounter(ImportCounter.MOVED_TO_PROBE);
      probeMatched = context.getCounter(ImportCounter.PROBE_MATCHED);
      probeRatingsOut = context.getCounter(ImportCounter.PROBE_RATINGS);
      users = context.getCounter(ImportCounter.USERS);
      halfStarsSum = context.getCounter(ImportCounter.HALF_STARS_SUM);
    }

    @Override
    protected void reduce(IntWritable key, Iterable<ImportChunk> values, Context context)
        throws IOException, InterruptedException {
      out.clear();
      if (key.get() == REJECT_USER) {
        for (ImportChunk c : values) {
          out.reject(c.rejectText());
        }
        context.write(key, out);
        return;
      }
      // all of the block's records, then grouped by user (a counting sort on the id's low bits)
      int n = 0;
      int chunks = 0;
      for (ImportChunk c : values) {
        if (n + c.size() > blockRecords.length) {
          int grown = Math.max(n + c.size(), blockRecords.length * 2);
          blockRecords = Arrays.copyOf(blockRecords, grown);
          blockUsers = Arrays.copyOf(blockUsers, grown);
          byUser = new long[grown];
        }
        if (chunks + 1 >= chunkStarts.length) {
          chunkStarts = Arrays.copyOf(chunkStarts, chunkStarts.length * 2);
          chunkOrder = Arrays.copyOf(chunkOrder, chunkStarts.length);
        }
        chunkStarts[chunks] = n;
        int least = Integer.MAX_VALUE;
        for (int i = 0; i < c.size(); i++, n++) {
          blockUsers[n] = c.user(i);
          blockRecords[n] = (long) c.movie(i) << 32 | c.payload(i) & 0xffffffffL;
          least = Math.min(least, c.movie(i));
        }
        chunkOrder[chunks] = (long) least << 32 | chunks;
        chunks++;
      }
      chunkStarts[chunks] = n;
      // Chunks in the order of their least movie: when maps read movies in ranges (Netflix's
      // files), each user's records then come already sorted and need no sort.
      Arrays.sort(chunkOrder, 0, chunks);
      Arrays.fill(starts, 0);
      for (int i = 0; i < n; i++) {
        starts[(blockUsers[i] & BLOCK_USERS - 1) + 1]++;
      }
      for (int u = 0; u < BLOCK_USERS; u++) {
        starts[u + 1] += starts[u];
      }
      int base = key.get() << BLOCK_BITS;
      int[] next = Arrays.copyOf(starts, BLOCK_USERS);
      for (int k = 0; k < chunks; k++) {
        int chunk = (int) chunkOrder[k];
        for (int i = chunkStarts[chunk]; i < chunkStarts[chunk + 1]; i++) {
          byUser[next[blockUsers[i] & BLOCK_USERS - 1]++] = blockRecords[i];
        }
      }
      for (int u = 0; u < BLOCK_USERS; u++) {
        if (starts[u + 1] > starts[u]) {
          resolve(base | u, byUser, starts[u], starts[u + 1]);
        }
      }
      duplicates.increment(dup);
      probeNoRating.increment(noRating);
      ratingsOut.increment(kept);
      movedToProbe.increment(moved);
      probeMatched.increment(matched);
      probeRatingsOut.increment(heldOutRatings);
      users.increment(usersKept);
      halfStarsSum.increment(halfStars);
      dup = noRating = kept = moved = matched = heldOutRatings = usersKept = halfStars = 0;
      if (!out.isEmpty()) {
        context.write(key, out);
      }
    }

    /** One user's records r[from..to) as movie|payload: sorted, so each movie's records are side by side. */
    private void resolve(int user, long[] r, int from, int to) {
      for (int j = from + 1; j < to; j++) {
        if (r[j] < r[j - 1]) {
          Arrays.sort(r, from, to);
          break;
        }
      }
      long keptBefore = kept;
      int i = from;
      while (i < to) {
        int movie = (int) (r[i] >>> 32);
        int ratings = 0;
        int probeIds = 0;
        int probeRatings = 0;
        int best = -1; // latest day, then highest rating: the choice among duplicates is deterministic
        int bestProbe = -1;
        for (; i < to && (int) (r[i] >>> 32) == movie; i++) {
          int p = (int) r[i];
          switch (ImportChunk.kind(p)) {
            case RATING -> {
              ratings++;
              best = Math.max(best, p & 0xffffff);
            }
            case PROBE_RATING -> {
              probeRatings++;
              bestProbe = Math.max(bestProbe, p & 0xffffff);
            }
            case PROBE_ID -> probeIds++;
            default -> throw new IllegalStateException();
          }
        }
        if (probeRatings > 0) { // a held-out test split wins over the same pair in training
          dup += probeRatings - 1 + ratings + probeIds;
          heldOutRatings++;
          out.probe(user, movie, bestProbe);
        } else if (ratings > 0) {
          dup += ratings - 1 + Math.max(0, probeIds - 1);
          if (probeIds > 0) {
            matched++;
            moved++;
            out.probe(user, movie, best);
          } else if (fraction > 0 && heldOut(seed, user, movie, fraction)) {
            moved++;
            out.probe(user, movie, best);
          } else {
            kept++;
            halfStars += ImportChunk.halfStars(best);
            out.rating(user, movie, best);
          }
        } else {
          noRating += probeIds;
          out.reject("user " + user + ", movie " + movie + "\t" + Bad.PROBE_NO_RATING.text() + "\t");
        }
      }
      if (kept > keptBefore) {
        usersKept++;
      }
    }
  }

  /** Whether the probe split holds (user, movie) out: a hash of seed and pair, same on any cluster. */
  static boolean heldOut(long seed, int user, int movie, double fraction) {
    long z = seed * 0x9E3779B97F4A7C15L + pairKey(user, movie);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L; // SplitMix64's finaliser
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z ^= z >>> 31;
    return (z >>> 11) * 0x1.0p-53 < fraction;
  }

  /** Whole blocks of users per reducer: the part files are split by user. */
  public static class UserPartitioner extends Partitioner<IntWritable, ImportChunk> {
    @Override
    public int getPartition(IntWritable key, ImportChunk value, int partitions) {
      int block = key.get();
      if (block == REJECT_USER) {
        return 0;
      }
      int h = block * 0x9E3779B1; // spread consecutive blocks
      return ((h ^ (h >>> 16)) & Integer.MAX_VALUE) % partitions;
    }
  }
}

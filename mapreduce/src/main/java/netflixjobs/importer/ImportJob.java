package netflixjobs.importer;

import java.io.IOException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Partitioner;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * The MapReduce pass of import. Maps parse lines (a parser per file, state kept across the
 * file's lines) and send each user's records as one chunk; a reduce sees all of a user's records
 * together, so duplicates, probe entries and the probe split are resolved there, and every part
 * file holds whole users sorted by (user, movie).
 */
public final class ImportJob {
  /** Seed of the deterministic probe split. */
  public static final String SEED = "netflixjobs.import.seed";
  /** Share of ratings held out as probe when no probe file is given (0 = none). */
  public static final String PROBE_FRACTION = "netflixjobs.import.probe.fraction";
  /** Rejected lines each map task keeps as text (all are counted). */
  public static final String REJECTS_KEPT = "netflixjobs.import.rejects.kept";
  /** Records a map task groups in memory before it sends them on (16 bytes each). */
  public static final String MAP_BUFFER_RECORDS = "netflixjobs.import.map.buffer.records";
  /** The map output key of rejected lines: no user id is negative. */
  static final int REJECT_USER = -1;

  /** Records read and where they went; with the {@link Bad} causes: good + bad = read. */
  public enum Count {
    /** Lines of ratings files that hold a record (not headers or blank lines). */
    RATING_LINES_READ,
    /** Lines of probe files that hold a record. */
    PROBE_LINES_READ,
    /** Ratings written to DATASET/ratings. */
    RATINGS,
    /** Ratings moved to DATASET/probe: listed in the probe file, or drawn by the probe split. */
    MOVED_TO_PROBE,
    /** Probe file entries that found their rating. */
    PROBE_MATCHED,
    /** Probe file lines that carried their own rating (a held-out test split). */
    PROBE_RATINGS,
    /** Distinct users in DATASET/ratings. */
    USERS,
    /** Sum of the half-star ratings in DATASET/ratings (for the mean). */
    HALF_STARS_SUM
  }

  private ImportJob() {}

  static long pairKey(int user, int movie) {
    return (long) user << 32 | movie;
  }

  /**
   * Parses lines and sends each user's records as one chunk per task, grouped in memory (a
   * primitive sort by user) and flushed every {@link #MAP_BUFFER_RECORDS} records.
   */
  public static class ParseMapper extends Mapper<SourceLine, Text, IntWritable, ImportChunk> {
    private final ParsedLine parsed = new ParsedLine();
    private final IntWritable outKey = new IntWritable();
    private final ImportChunk chunk = new ImportChunk();
    private final Map<Bad, Counter> badCounters = new EnumMap<>(Bad.class);
    private Counter ratingLines;
    private Counter probeLines;
    private String file;
    private LineParser parser;
    private int rejectsLeft;
    private int capacity;
    private int size;
    private int[] users = new int[1 << 12];
    private int[] movies = new int[1 << 12];
    private int[] payloads = new int[1 << 12];

    @Override
    protected void setup(Context context) {
      ratingLines = context.getCounter(Count.RATING_LINES_READ);
      probeLines = context.getCounter(Count.PROBE_LINES_READ);
      for (Bad b : Bad.values()) {
        badCounters.put(b, context.getCounter(b));
      }
      rejectsLeft = context.getConfiguration().getInt(REJECTS_KEPT, 1000);
      capacity = context.getConfiguration().getInt(MAP_BUFFER_RECORDS, 4 << 20);
    }

    @Override
    protected void map(SourceLine where, Text line, Context context) throws IOException, InterruptedException {
      if (where.file() != file && !where.file().equals(file)) {
        file = where.file();
        parser = LineParser.of(where.format());
      }
      ParsedLine p = parser.parse(line.getBytes(), line.getLength(), parsed);
      if (p.outcome == ParsedLine.Outcome.SKIP) {
        return;
      }
      (where.probe() ? probeLines : ratingLines).increment(1);
      switch (p.outcome) {
        case BAD -> {
          badCounters.get(p.bad).increment(1);
          if (rejectsLeft > 0) {
            rejectsLeft--;
            outKey.set(REJECT_USER);
            String text = line.toString();
            context.write(outKey, chunk.setReject(where + "\t" + p.bad.text() + "\t"
                + (text.length() > 200 ? text.substring(0, 200) + "..." : text)));
          }
        }
        case RATING -> buffer(context, p.user, p.movie, ImportChunk.payload(
            where.probe() ? ImportChunk.Kind.PROBE_RATING : ImportChunk.Kind.RATING, p.halfStars, p.day));
        case PROBE_ID -> buffer(context, p.user, p.movie, ImportChunk.payload(ImportChunk.Kind.PROBE_ID, 0, 0));
        default -> throw new IllegalStateException(p.toString());
      }
    }

    private void buffer(Context context, int user, int movie, int payload) throws IOException, InterruptedException {
      if (size >= capacity) {
        flush(context);
      } else if (size == users.length) {
        int n = Math.min(capacity, size * 2);
        users = Arrays.copyOf(users, n);
        movies = Arrays.copyOf(movies, n);
        payloads = Arrays.copyOf(payloads, n);
      }
      users[size] = user;
      movies[size] = movie;
      payloads[size] = payload;
      size++;
    }

    /** Groups the buffer by user (input order kept within a user) and emits a chunk per user. */
    private void flush(Context context) throws IOException, InterruptedException {
      long[] order = new long[size];
      for (int i = 0; i < size; i++) {
        order[i] = (long) users[i] << 32 | i;
      }
      order = sortByHighInt(order);
      int i = 0;
      while (i < size) {
        int user = (int) (order[i] >>> 32);
        chunk.clear();
        for (; i < size && (int) (order[i] >>> 32) == user; i++) {
          int r = (int) order[i];
          chunk.add(movies[r], payloads[r]);
        }
        outKey.set(user);
        context.write(outKey, chunk);
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
   * Sorts longs by their upper 32 bits (non-negative), stably: two passes of a 16-bit radix
   * sort. Arrays.sort's comparison sort was a third of a map task; neither the JDK nor Hadoop's
   * classpath has a primitive radix sort.
   */
  static long[] sortByHighInt(long[] a) {
    long[] b = new long[a.length];
    int[] count = new int[1 << 16];
    for (int shift = 32; shift < 64; shift += 16) {
      java.util.Arrays.fill(count, 0);
      for (long v : a) {
        count[(int) (v >>> shift) & 0xffff]++;
      }
      for (int i = 0, sum = 0; i < count.length; i++) {
        int c = count[i];
        count[i] = sum;
        sum += c;
      }
      for (long v : a) {
        b[count[(int) (v >>> shift) & 0xffff]++] = v;
      }
      long[] t = a;
      a = b;
      b = t;
    }
    return a;
  }

  /** Every (user, movie) once: duplicates counted, probe entries joined, the probe split drawn. */
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
    private long[] records = new long[1 << 10];

    @Override
    protected void setup(Context context) {
      Configuration conf = context.getConfiguration();
      seed = conf.getLong(SEED, 1);
      fraction = conf.getDouble(PROBE_FRACTION, 0);
      duplicates = context.getCounter(Bad.DUPLICATE);
      probeNoRating = context.getCounter(Bad.PROBE_NO_RATING);
      ratingsOut = context.getCounter(Count.RATINGS);
      movedToProbe = context.getCounter(Count.MOVED_TO_PROBE);
      probeMatched = context.getCounter(Count.PROBE_MATCHED);
      probeRatingsOut = context.getCounter(Count.PROBE_RATINGS);
      users = context.getCounter(Count.USERS);
      halfStarsSum = context.getCounter(Count.HALF_STARS_SUM);
    }

    @Override
    protected void reduce(IntWritable key, Iterable<ImportChunk> values, Context context)
        throws IOException, InterruptedException {
      int user = key.get();
      out.clear();
      if (user == REJECT_USER) {
        for (ImportChunk c : values) {
          out.reject(c.rejectText());
        }
        context.write(key, out);
        return;
      }
      // all of the user's records as movie|payload, sorted: each movie's records side by side
      int n = 0;
      for (ImportChunk c : values) {
        if (n + c.size() > records.length) {
          records = Arrays.copyOf(records, Math.max(n + c.size(), records.length * 2));
        }
        for (int i = 0; i < c.size(); i++) {
          records[n++] = (long) c.movie(i) << 32 | c.payload(i);
        }
      }
      Arrays.sort(records, 0, n);
      long kept = 0;
      long halfStars = 0;
      int i = 0;
      while (i < n) {
        int movie = (int) (records[i] >>> 32);
        int ratings = 0;
        int probeIds = 0;
        int probeRatings = 0;
        int best = -1; // latest day, then highest rating: the choice among duplicates is deterministic
        int bestProbe = -1;
        for (; i < n && (int) (records[i] >>> 32) == movie; i++) {
          int p = (int) records[i];
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
          duplicates.increment(probeRatings - 1 + ratings + probeIds);
          probeRatingsOut.increment(1);
          out.probe(movie, bestProbe);
        } else if (ratings > 0) {
          duplicates.increment(ratings - 1 + Math.max(0, probeIds - 1));
          if (probeIds > 0) {
            probeMatched.increment(1);
            movedToProbe.increment(1);
            out.probe(movie, best);
          } else if (fraction > 0 && heldOut(seed, user, movie, fraction)) {
            movedToProbe.increment(1);
            out.probe(movie, best);
          } else {
            kept++;
            halfStars += ImportChunk.halfStars(best);
            out.rating(movie, best);
          }
        } else {
          probeNoRating.increment(probeIds);
          out.reject("user " + user + ", movie " + movie + "\t" + Bad.PROBE_NO_RATING.text() + "\t");
        }
      }
      if (kept > 0) {
        users.increment(1);
        ratingsOut.increment(kept);
        halfStarsSum.increment(halfStars);
      }
      if (!out.isEmpty()) {
        context.write(key, out);
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

  /** Whole users per reducer: the part files are split by user. */
  public static class UserPartitioner extends Partitioner<IntWritable, ImportChunk> {
    @Override
    public int getPartition(IntWritable key, ImportChunk value, int partitions) {
      int user = key.get();
      if (user == REJECT_USER) {
        return 0;
      }
      int h = user * 0x9E3779B1; // spread consecutive ids
      return ((h ^ (h >>> 16)) & Integer.MAX_VALUE) % partitions;
    }
  }
}

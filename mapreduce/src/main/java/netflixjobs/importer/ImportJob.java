package netflixjobs.importer;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Partitioner;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * The MapReduce pass of import. Maps parse lines (a parser per file, state kept across the
 * file's lines) and key every record by (user, movie); reduces see all records of one pair
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
  static final long REJECT_KEY = Long.MIN_VALUE;

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

  /** Parses lines into (user, movie) -> rating / probe entry / reject. */
  public static class ParseMapper extends Mapper<SourceLine, Text, LongWritable, ImportValue> {
    private final ParsedLine parsed = new ParsedLine();
    private final LongWritable outKey = new LongWritable();
    private final ImportValue outValue = new ImportValue();
    private final Map<Bad, Counter> badCounters = new EnumMap<>(Bad.class);
    private Counter ratingLines;
    private Counter probeLines;
    private String file;
    private LineParser parser;
    private int rejectsLeft;

    @Override
    protected void setup(Context context) {
      ratingLines = context.getCounter(Count.RATING_LINES_READ);
      probeLines = context.getCounter(Count.PROBE_LINES_READ);
      for (Bad b : Bad.values()) {
        badCounters.put(b, context.getCounter(b));
      }
      rejectsLeft = context.getConfiguration().getInt(REJECTS_KEPT, 1000);
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
            outKey.set(REJECT_KEY);
            String text = line.toString();
            outValue.setReject(where + "\t" + p.bad.text() + "\t"
                + (text.length() > 200 ? text.substring(0, 200) + "..." : text));
            context.write(outKey, outValue);
          }
        }
        case RATING -> {
          outKey.set(pairKey(p.user, p.movie));
          outValue.set(where.probe() ? ImportValue.Kind.PROBE_RATING : ImportValue.Kind.RATING, p.halfStars, p.day);
          context.write(outKey, outValue);
        }
        case PROBE_ID -> {
          outKey.set(pairKey(p.user, p.movie));
          outValue.set(ImportValue.Kind.PROBE_ID, 0, 0);
          context.write(outKey, outValue);
        }
        default -> throw new IllegalStateException(p.toString());
      }
    }
  }

  /** Every (user, movie) once: duplicates counted, probe entries joined, the probe split drawn. */
  public static class ResolveReducer extends Reducer<LongWritable, ImportValue, IntWritable, ImportRecord> {
    private final IntWritable outKey = new IntWritable();
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
    private int lastUser = -1;

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
    protected void reduce(LongWritable key, Iterable<ImportValue> values, Context context)
        throws IOException, InterruptedException {
      long k = key.get();
      if (k == REJECT_KEY) {
        for (ImportValue v : values) {
          outKey.set(0);
          context.write(outKey, out.setReject(v.rejectText()));
        }
        return;
      }
      int user = (int) (k >>> 32);
      int movie = (int) k;
      int ratings = 0;
      int probeIds = 0;
      int probeRatings = 0;
      int best = -1; // best rating: latest day, then highest rating, so the choice is deterministic
      int bestProbe = -1;
      for (ImportValue v : values) {
        int packed = v.day() << 8 | v.halfStars();
        switch (v.kind()) {
          case RATING -> {
            ratings++;
            best = Math.max(best, packed);
          }
          case PROBE_RATING -> {
            probeRatings++;
            bestProbe = Math.max(bestProbe, packed);
          }
          case PROBE_ID -> probeIds++;
          default -> throw new IllegalStateException(v.toString());
        }
      }
      outKey.set(user);
      if (probeRatings > 0) { // a held-out test split wins over the same pair in training
        duplicates.increment(probeRatings - 1 + ratings + probeIds);
        probeRatingsOut.increment(1);
        write(context, user, movie, ImportRecord.Target.PROBE, bestProbe);
      } else if (ratings > 0) {
        duplicates.increment(ratings - 1 + Math.max(0, probeIds - 1));
        if (probeIds > 0) {
          probeMatched.increment(1);
          movedToProbe.increment(1);
          write(context, user, movie, ImportRecord.Target.PROBE, best);
        } else if (fraction > 0 && heldOut(seed, user, movie, fraction)) {
          movedToProbe.increment(1);
          write(context, user, movie, ImportRecord.Target.PROBE, best);
        } else {
          ratingsOut.increment(1);
          halfStarsSum.increment(best & 0xff);
          if (user != lastUser) {
            lastUser = user;
            users.increment(1);
          }
          write(context, user, movie, ImportRecord.Target.RATINGS, best);
        }
      } else {
        probeNoRating.increment(probeIds);
        context.write(outKey, out.setReject("user " + user + ", movie " + movie + "\t"
            + Bad.PROBE_NO_RATING.text() + "\t"));
      }
    }

    private void write(Context context, int user, int movie, ImportRecord.Target target, int packed)
        throws IOException, InterruptedException {
      context.write(outKey, out.set(target, movie, packed & 0xff, packed >>> 8));
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
  public static class UserPartitioner extends Partitioner<LongWritable, ImportValue> {
    @Override
    public int getPartition(LongWritable key, ImportValue value, int partitions) {
      long k = key.get();
      if (k == REJECT_KEY) {
        return 0;
      }
      int user = (int) (k >>> 32);
      int h = user * 0x9E3779B1; // spread consecutive ids
      return ((h ^ (h >>> 16)) & Integer.MAX_VALUE) % partitions;
    }
  }
}

package netflixjobs.importer;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.apache.hadoop.mapreduce.Job;

import netflixjobs.importer.ImportCounter.Bad;
import netflixjobs.pass.Passes;
import netflixjobs.ratings.MovieRating;

/** What the import pass counted, checked to account for every line read, and the summary a person reads. */
record ImportSummary(Map<Bad, Long> bad, long badTotal, long read, long kept, long moved, long matched,
                     long probeRatings, long users, long halfStarsSum) {

  /** The job's counters; throws when good and bad lines do not add up to the lines read. */
  static ImportSummary of(Job job) {
    Map<Bad, Long> bad = new LinkedHashMap<>();
    long badTotal = 0;
    for (Bad b : Bad.values()) {
      long n = Passes.counter(job, b);
      bad.put(b, n);
      badTotal += n;
    }
    ImportSummary s = new ImportSummary(bad, badTotal,
        Passes.counter(job, ImportCounter.RATING_LINES_READ) + Passes.counter(job, ImportCounter.PROBE_LINES_READ),
        Passes.counter(job, ImportCounter.RATINGS), Passes.counter(job, ImportCounter.MOVED_TO_PROBE),
        Passes.counter(job, ImportCounter.PROBE_MATCHED), Passes.counter(job, ImportCounter.PROBE_RATINGS),
        Passes.counter(job, ImportCounter.USERS), Passes.counter(job, ImportCounter.HALF_STARS_SUM));
    if (s.good() + badTotal != s.read()) {
      throw new IllegalStateException("accounting broke: " + s.good() + " good + " + badTotal + " bad != " + s.read() + " read");
    }
    return s;
  }

  long good() {
    return kept + moved + matched + probeRatings;
  }

  /** Ratings in DATASET/probe: moved there, or held out by the probe files themselves. */
  long probe() {
    return moved + probeRatings;
  }

  double mean() {
    return kept == 0 ? 0 : halfStarsSum / 2.0 / kept;
  }

  /**
   * Prints the summary: lines read, what went where, the bad lines by cause.
   * {@code probeFiles}: whether the probe came from files (else it was held out by seed and fraction).
   */
  void print(PrintStream out, String dataset, double secs, int sourceFiles, int partFiles, int titles,
             boolean probeFiles, long seed, double fraction, String firstBad) {
    out.printf(Locale.ROOT, "imported %s in %.1f s: %,d lines read from %,d files (%,.0f lines/s)%n",
        dataset, secs, read, sourceFiles, read / secs);
    out.printf(Locale.ROOT, "  ratings  %,12d  from %,d users, mean %.3f stars, in %d part files of %d-byte records%n",
        kept, users, mean(), partFiles, MovieRating.BYTES + 4);
    out.printf(Locale.ROOT, "  probe    %,12d  %s%n", probe(),
        probeFiles ? String.format(Locale.ROOT, "(%,d matched from probe files, %,d held-out ratings)", matched, probeRatings)
            : String.format(Locale.ROOT, "(held out by seed %d, fraction %s)", seed, fraction));
    out.printf(Locale.ROOT, "  titles   %,12d%n", titles);
    out.printf(Locale.ROOT, "  bad      %,12d", badTotal);
    if (badTotal > 0) {
      StringBuilder sb = new StringBuilder();
      bad.forEach((b, n) -> {
        if (n > 0) {
          sb.append(sb.length() == 0 ? "" : ", ").append(b.text()).append(' ').append(String.format(Locale.ROOT, "%,d", n));
        }
      });
      out.printf("  (%s; first: %s; kept in %s/rejects)", sb, firstBad, dataset);
    }
    out.println();
    out.printf(Locale.ROOT, "  check    %,d good + %,d bad = %,d read%n", good(), badTotal, read);
  }
}

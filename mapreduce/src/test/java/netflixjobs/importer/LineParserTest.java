package netflixjobs.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import netflixjobs.importer.ImportCounter.Bad;

class LineParserTest {

  private static List<ParsedLine> parseAll(Format f, String... lines) {
    LineParser p = LineParser.of(f);
    List<ParsedLine> out = new ArrayList<>();
    for (String l : lines) {
      byte[] b = l.getBytes(StandardCharsets.UTF_8);
      ParsedLine r = p.parse(b, b.length, new ParsedLine());
      out.add(r);
    }
    return out;
  }

  private static ParsedLine one(Format f, String header, String line) {
    List<ParsedLine> r = header == null ? parseAll(f, line) : parseAll(f, header, line);
    return r.get(r.size() - 1);
  }

  private static int day(String iso) {
    return (int) LocalDate.parse(iso).toEpochDay();
  }

  @Test
  void netflixRatingsTakeTheMovieFromTheHeader() {
    List<ParsedLine> r = parseAll(Format.NETFLIX_RATINGS, "17:", "1488844,3,2005-09-06", "", "18:", "822109,5,2005-05-13");
    assertEquals(ParsedLine.Outcome.SKIP, r.get(0).outcome);
    assertEquals(ParsedLine.Outcome.RATING, r.get(1).outcome);
    assertEquals(1488844, r.get(1).user);
    assertEquals(17, r.get(1).movie);
    assertEquals(6, r.get(1).halfStars);
    assertEquals(day("2005-09-06"), r.get(1).day);
    assertEquals(ParsedLine.Outcome.SKIP, r.get(2).outcome, "blank line is not a record");
    assertEquals(18, r.get(4).movie);
    assertEquals(10, r.get(4).halfStars);
  }

  @Test
  void crlfAndTrailingSpacesAreFine() {
    ParsedLine r = one(Format.NETFLIX_RATINGS, "1:\r", "30878,4,2005-12-26\r");
    assertEquals(ParsedLine.Outcome.RATING, r.outcome);
    assertEquals(8, r.halfStars);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "1488844,3                 | MALFORMED",
      "1488844,3,2005-09-06,x    | MALFORMED",
      "abc,3,2005-09-06          | MALFORMED",
      "99999999999,3,2005-09-06  | MALFORMED",
      "1488844,,2005-09-06       | MALFORMED",
      "1488844,three,2005-09-06  | MALFORMED",
      "1488844,0,2005-09-06      | RATING_OUT_OF_RANGE",
      "1488844,6,2005-09-06      | RATING_OUT_OF_RANGE",
      "1488844,3.7,2005-09-06    | RATING_OUT_OF_RANGE",
      "1488844,3,2005-02-30      | BAD_DATE",
      "1488844,3,2005-13-01      | BAD_DATE",
      "1488844,3,05-09-06        | BAD_DATE",
      "1488844,3,2005-0x-06      | BAD_DATE",
      "1488844,3,2005-00-06      | BAD_DATE",
      "1488844,3,1899-12-31      | BAD_DATE",
      "1488844,3,yesterday       | BAD_DATE",
  })
  void netflixBadLinesNameTheirCause(String line, Bad cause) {
    ParsedLine r = one(Format.NETFLIX_RATINGS, "1:", line.trim());
    assertEquals(ParsedLine.Outcome.BAD, r.outcome);
    assertEquals(cause, r.bad);
  }

  @Test
  void aRatingBeforeAnyHeaderIsCounted() {
    assertEquals(Bad.NO_MOVIE_HEADER, one(Format.NETFLIX_RATINGS, null, "1488844,3,2005-09-06").bad);
    // a broken header does not let the lines under it fall to the previous movie
    List<ParsedLine> r = parseAll(Format.NETFLIX_RATINGS, "1:", "x:", "5,3,2005-09-06");
    assertEquals(Bad.MALFORMED, r.get(1).bad);
    assertEquals(Bad.NO_MOVIE_HEADER, r.get(2).bad);
  }

  @Test
  void probeLinesAreUserIdsUnderAMovie() {
    List<ParsedLine> r = parseAll(Format.NETFLIX_PROBE, "1:", "30878", "2647871", "10:", "1952305", "nope");
    assertEquals(ParsedLine.Outcome.PROBE_ID, r.get(1).outcome);
    assertEquals(30878, r.get(1).user);
    assertEquals(1, r.get(1).movie);
    assertEquals(10, r.get(4).movie);
    assertEquals(Bad.MALFORMED, r.get(5).bad);
    assertEquals(Bad.NO_MOVIE_HEADER, one(Format.NETFLIX_PROBE, null, "30878").bad);
  }

  @Test
  void movieLensFormats() {
    ParsedLine tab = one(Format.MOVIELENS_TAB, null, "196\t242\t3\t881250949");
    assertEquals(196, tab.user);
    assertEquals(242, tab.movie);
    assertEquals(6, tab.halfStars);
    assertEquals(881250949 / 86400, tab.day);
    ParsedLine dat = one(Format.MOVIELENS_DAT, null, "1::1193::5::978300760");
    assertEquals(1193, dat.movie);
    assertEquals(10, dat.halfStars);
    List<ParsedLine> csv = parseAll(Format.MOVIELENS_CSV, "userId,movieId,rating,timestamp", "1,307,3.5,1256677221");
    assertEquals(ParsedLine.Outcome.SKIP, csv.get(0).outcome, "header");
    assertEquals(7, csv.get(1).halfStars);
    assertEquals(Bad.MALFORMED, one(Format.MOVIELENS_CSV, "1,307,3.5,1256677221", "userId,movieId,rating,timestamp").bad,
        "a header anywhere but the first line is bad");
    assertEquals(Bad.MALFORMED, one(Format.MOVIELENS_DAT, null, "1:1193::5::978300760").bad);
    assertEquals(Bad.BAD_DATE, one(Format.MOVIELENS_TAB, null, "196\t242\t3\tlater").bad);
    assertEquals(Bad.RATING_OUT_OF_RANGE, one(Format.MOVIELENS_CSV, null, "1,307,5.5,1256677221").bad);
  }

  @Test
  void plainCsvWithOptionalDate() {
    ParsedLine r = one(Format.PLAIN_CSV, "user,movie,rating", "7,8,2");
    assertEquals(7, r.user);
    assertEquals(8, r.movie);
    assertEquals(4, r.halfStars);
    assertEquals(0, r.day, "no date");
    assertEquals(day("2001-02-03"), one(Format.PLAIN_CSV, null, "7,8,2,2001-02-03").day);
    assertEquals(Bad.MALFORMED, one(Format.PLAIN_CSV, null, "7,8").bad);
    assertEquals(Bad.MALFORMED, one(Format.PLAIN_CSV, null, "7,0,3").bad, "movie ids start at 1");
    assertEquals(Bad.MALFORMED, one(Format.PLAIN_CSV, null, "7,8,3,2001-02-03,extra").bad);
  }

  @Test
  void formatsAreDetectedByContent() {
    assertEquals(Format.NETFLIX_RATINGS, detect("1:\n1488844,3,2005-09-06\n"));
    assertEquals(Format.NETFLIX_RATINGS, detect("\u00ef\u00bb\u00bf1:\r\n1488844,3,2005-09-06\r\n"));
    assertEquals(Format.NETFLIX_PROBE, detect("1:\n30878\n2647871\n"));
    assertEquals(Format.NETFLIX_TITLES, detect("1,2003,Dinosaur Planet\n2,NULL,Isle of Man, TT\n"));
    assertEquals(Format.MOVIELENS_TAB, detect("196\t242\t3\t881250949\n"));
    assertEquals(Format.MOVIELENS_DAT, detect("1::1193::5::978300760\n"));
    assertEquals(Format.MOVIELENS_CSV, detect("userId,movieId,rating,timestamp\n1,307,3.5,1256677221\n"));
    assertEquals(Format.PLAIN_CSV, detect("1,2,3\n"));
    assertEquals(Format.PLAIN_CSV, detect("user,movie,rating\n1,2,3\n"));
    assertEquals(Format.MOVIELENS_ITEM, detect("1|Toy Story (1995)|01-Jan-1995||http://x|0|0|0\n"));
    assertEquals(Format.MOVIELENS_MOVIES_DAT, detect("1::Toy Story (1995)::Animation|Children's|Comedy\n"));
    assertEquals(Format.MOVIELENS_MOVIES_CSV, detect("movieId,title,genres\n1,Toy Story (1995),Adventure\n"));
    assertNull(detect("hello world\n"));
    assertNull(detect("\n\n"));
  }

  @Test
  void datesAgreeWithTheCalendarEveryDayOfTheirRange() {
    for (int y = 1900; y <= 2149; y++) {
      for (int m = 1; m <= 12; m++) {
        for (int d = 1; d <= 31; d++) {
          byte[] b = String.format("%04d-%02d-%02d", y, m, d).getBytes(StandardCharsets.US_ASCII);
          int got = LineParser.parseDate(b, 0, b.length);
          byte[] shortForm = String.format("%04d-%d-%d", y, m, d).getBytes(StandardCharsets.US_ASCII);
          assertEquals(got, LineParser.parseDate(shortForm, 0, shortForm.length), "2005-9-6 as 2005-09-06");
          long want;
          try {
            want = LocalDate.of(y, m, d).toEpochDay();
          } catch (java.time.DateTimeException e) {
            assertEquals(LineParser.NO_DATE, got, "no such day " + y + "-" + m + "-" + d);
            continue;
          }
          assertEquals(want < 1 || want > LineParser.MAX_DAY ? LineParser.NO_DATE : (int) want, got, y + "-" + m + "-" + d);
        }
      }
    }
  }

  private static Format detect(String s) {
    byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
    return Format.detect(b, b.length);
  }
}

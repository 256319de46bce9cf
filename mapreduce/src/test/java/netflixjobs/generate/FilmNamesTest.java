package netflixjobs.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class FilmNamesTest {
  @Test
  void pluralsAreEnglish() {
    assertEquals("Companies", FilmNames.plural("Company"));
    assertEquals("Beaches", FilmNames.plural("Beach"));
    assertEquals("Convoys", FilmNames.plural("Convoy"));
    assertEquals("Wells", FilmNames.plural("Well"));
    assertEquals("Witnesses", FilmNames.plural("Witness"));
  }

  @Test
  void aFranchiseSharesItsNameAndASeriesCountsItsSeasons() {
    Rng rng = new Rng(1, 1, 1);
    for (int i = 0; i < 200; i++) {
      FilmNames.Genre g = FilmNames.pickGenre(rng, false);
      String[] f = FilmNames.franchise(rng, g, 2 + i % 5);
      String core = f[0].replaceFirst("^The ", "");
      for (String t : f) {
        assertTrue(t.contains(core), t + " / " + f[0]);
      }
      assertEquals(f.length, new HashSet<>(java.util.List.of(f)).size(), String.join(" | ", f));
      FilmNames.Genre sg = FilmNames.pickGenre(rng, true);
      assertTrue(sg.series(), sg.name() + " makes no series");
      String[] s = FilmNames.series(rng, sg, 3);
      assertTrue(s[2].endsWith(": Season 3") && s[0].replace("1", "3").equals(s[2]), s[0] + " / " + s[2]);
    }
  }

  @Test
  void claimRefusesATakenTitleAndKeepsNothingOfARefusedWork() {
    Set<String> used = new HashSet<>();
    assertTrue(FilmNames.claim(used, new String[] {"A", "B"}));
    assertFalse(FilmNames.claim(used, new String[] {"C", "B"}));
    assertFalse(used.contains("C"));
    assertFalse(FilmNames.claim(used, new String[] {"D", "D"}));
    assertFalse(used.contains("D"));
    assertEquals(Set.of("A", "B"), used);
  }
}

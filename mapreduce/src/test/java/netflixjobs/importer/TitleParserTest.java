package netflixjobs.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import netflixjobs.ratings.Titles.Film;

class TitleParserTest {

  @Test
  void netflixTitlesKeepCommasAndAllowNullYears() {
    assertEquals(new Film(1, 2003, "Dinosaur Planet"), TitleParser.parse(Format.NETFLIX_TITLES, "1,2003,Dinosaur Planet"));
    assertEquals(new Film(4388, 0, "Ancient Civilizations: Rome, Greece"),
        TitleParser.parse(Format.NETFLIX_TITLES, "4388,NULL,Ancient Civilizations: Rome, Greece"));
    assertNull(TitleParser.parse(Format.NETFLIX_TITLES, "x,2003,Bad"));
    assertNull(TitleParser.parse(Format.NETFLIX_TITLES, "5,2003"));
  }

  @Test
  void movieLensTitlesLoseTheirYearAndGetTheirArticleBack() {
    assertEquals(new Film(1, 1995, "Toy Story"),
        TitleParser.parse(Format.MOVIELENS_ITEM, "1|Toy Story (1995)|01-Jan-1995||http://x|0|0"));
    assertEquals(new Film(1196, 1980, "The Empire Strikes Back"),
        TitleParser.parse(Format.MOVIELENS_MOVIES_DAT, "1196::Empire Strikes Back, The (1980)::Action|Sci-Fi"));
    assertEquals(new Film(11, 1995, "The American President"),
        TitleParser.parse(Format.MOVIELENS_MOVIES_CSV, "11,\"American President, The (1995)\",Comedy|Drama|Romance"));
    assertEquals(new Film(2, 1995, "Say \"Hi\""),
        TitleParser.parse(Format.MOVIELENS_MOVIES_CSV, "2,\"Say \"\"Hi\"\" (1995)\",Comedy"));
    assertNull(TitleParser.parse(Format.MOVIELENS_MOVIES_CSV, "movieId,title,genres"), "header");
  }
}

package netflixjobs.generate;

import java.util.List;
import java.util.Set;

/**
 * Titles that read like films: each genre has its own words, a franchise shares its name
 * ("The Crimson Empire", "Return of the Crimson Empire", "Crimson Empire III: Iron Dawn"), a TV
 * series is numbered by season, and a few titles have commas ("Crouching Tiger, Hidden Dragon"
 * style) as in the real movie_titles.txt. Titles are unique within a data set.
 */
final class FilmNames {

  /** A genre and its vocabulary. Weight is its share of works. */
  record Genre(String name, double weight, boolean series, String[] adjectives, String[] nouns) {}

  static final List<Genre> GENRES = List.of(
      new Genre("Drama", 16, true,
          words("Quiet Broken Distant Silent Golden Last Long Bitter Gentle Hidden Lonely Empty"
              + " Autumn Northern Secret Borrowed Paper Glass Winter Fading"),
          words("Harvest River Promise Season Letters Garden House Shore Road Orchard Bridge"
              + " Daughter Inheritance Lighthouse Window Valley Memory Farewell Tide Field")),
      new Genre("Comedy", 15, true,
          words("Crazy Big Lucky Wild Accidental Perfect Little Great Fabulous Awkward Totally"
              + " Suddenly Happy Hairy Clueless Reckless Royal Dizzy Cheap Loud"),
          words("Wedding Vacation Neighbors Roommates Weekend Reunion Detour Party Inlaws Bachelor"
              + " Cruise Mix-Up Honeymoon Dentist Babysitter Camp Roadtrip Karaoke Mascot Landlord")),
      new Genre("Action", 12, false,
          words("Crimson Iron Steel Lethal Final Rogue Burning Dark Black Savage Hard Deadly"
              + " Maximum Brutal Shadow Thunder Blind Scarlet Frozen Broken"),
          words("Empire Strike Protocol Vendetta Fury Justice Target Fortress Storm Code Force"
              + " Siege Pursuit Ransom Impact Velocity Terminal Dragon Warrior Payback")),
      new Genre("Science Fiction", 8, true,
          words("Stellar Quantum Lost Distant Red Infinite Hollow Last Frozen Electric Silver"
              + " Parallel Dying Outer Dark Synthetic Twin Binary Solar Starless"),
          words("Horizon Colony Signal Galaxy Planet Machine Frontier Orbit Station Eclipse Nebula"
              + " Android Voyager Singularity Moon Outpost Transmission Drift Paradox Genesis")),
      new Genre("Horror", 8, false,
          words("Haunted Cursed Hollow Dead Bleeding Hungry Pale Forgotten Wicked Endless Rotting"
              + " Silent Crawling Sleepless Black Burning Drowned Grinning Nameless Feral"),
          words("Night Cellar Asylum Woods Doll Ritual Attic Mirror Well Harvest Orphanage Swamp"
              + " Lullaby Carnival Basement Scarecrow Chapel Hour Caretaker Hive")),
      new Genre("Thriller", 9, true,
          words("Deadly Silent Perfect Fatal Cold Hidden Twisted Secret Double Final Blind Naked"
              + " Sleeping Stolen Quiet Missing Dark Crooked Midnight Borrowed"),
          words("Witness Alibi Stranger Conspiracy Obsession Motive Evidence Suspect Affair Trap"
              + " Deception Verdict Tenant Hostage Informant Accomplice Deadline Ransom Dossier Decoy")),
      new Genre("Romance", 9, false,
          words("Sweet Endless Forever Summer Secret Sudden Tender Starlit Second Only Wild"
              + " Unexpected Parisian Moonlit Reckless True Lost Perfect Brief First"),
          words("Kiss Affair Promise Heart Encounter Valentine Serenade Embrace Romance Letter"
              + " Season Tango Honeymoon Proposal Crush Waltz Sunset Vow Flame Engagement")),
      new Genre("Animation", 6, true,
          words("Brave Little Magic Tiny Flying Jolly Silly Amazing Sleepy Clever Mighty Curious"
              + " Wobbly Happy Lost Giant Enchanted Rusty Sparkly Fuzzy"),
          words("Dragon Penguin Robot Kingdom Adventure Treasure Bunny Pirates Forest Balloon"
              + " Circus Rocket Elephant Snowman Train Dinosaur Lantern Monkey Island Kitten")),
      new Genre("Documentary", 5, true,
          words("Hidden Untold Secret Lost Forgotten Ancient Modern Wild Deep American Global"
              + " Invisible Frozen Sacred Endangered Silent Great Living Final Urban"),
          words("Planet Ocean Empire Century Frontier Machine Jungle Desert Revolution Kingdom"
              + " Economy Voyage Mountain Harvest Epidemic Pharaohs Reef Migration Cathedral Railroad")),
      new Genre("Western", 3, false,
          words("Lonesome Dusty Lawless Wild Last Broken Crooked Silver Red Iron Dead High"
              + " Bitter Savage Restless Burning Painted Hanging Forsaken Golden"),
          words("Rider Canyon Frontier Gun Mesa Outlaw Sheriff Trail Gulch Stagecoach Ranch"
              + " Bounty Saddle Creek Noose Prairie Posse Horizon Territory Drifter")),
      new Genre("Crime", 7, true,
          words("Dirty Cold Bad Crooked Brooklyn Midnight Hard Little Dead Quick Easy Lucky"
              + " Bloody Stolen Sharp Gray Loose Lost Heavy Rotten"),
          words("Money Heist Score Racket Syndicate Job Streets Precinct Cartel Mob Deal Vice"
              + " Enforcer Getaway Hustle Ledger Safehouse Triggerman Wiretap Underworld")),
      new Genre("War", 3, false,
          words("Bloody Last Long Burning Silent Fallen Iron Brave Forgotten Distant Grim Final"
              + " Thin Frozen Red Lost Broken Black Desperate Hollow"),
          words("Ridge Beach Offensive Battalion Front Company Harbor Bridge Trenches Winter Sky"
              + " Convoy Patrol Garrison Siege Valley Hill Retreat Armistice Squadron")),
      new Genre("Musical", 2, false,
          words("Singing Dancing Golden Broadway Swinging Merry Starry Jazz Velvet Rhythm"
              + " Blue Sunny Dazzling Gilded Roaring Midnight Happy Lucky Silver Rainbow"),
          words("Serenade Melody Ballroom Follies Rhapsody Revue Chorus Carousel Jubilee Showboat"
              + " Cabaret Overture Encore Waltz Parade Spotlight Harmony Jamboree Cakewalk Songbird")),
      new Genre("Fantasy", 5, false,
          words("Enchanted Shadow Crystal Ancient Forbidden Eternal Ember Silver Sunken Elder"
              + " Twilight Whispering Hidden Obsidian Dragon Moonlit Cursed Wandering Fallen Iron"),
          words("Kingdom Sword Crown Throne Realm Quest Prophecy Sorcerer Citadel Amulet Labyrinth"
              + " Tower Oracle Chalice Knight Forest Covenant Relic Archer Scroll")));

  private static final String[] NAMES = words("Charlie Lucy Henry Margaret Frankie Rosa Walter"
      + " Dolly Max Eleanor Benny Vera Sam Ruby Oscar Nora Jack Mabel Teddy Iris");
  private static final String[] PLACES = words("Paris Tokyo Brooklyn Vegas Montana Rome Havana"
      + " Texas Berlin Alaska Memphis Cairo Venice Dublin Bombay Oregon Tangier Malibu Shanghai Yukon");
  private static final String[] SUBTITLES = words("Dawn Reckoning Rising Legacy Retribution"
      + " Awakening Resurrection Judgment Exodus Redemption Origins Homecoming Revelation Ascension"
      + " Uprising Endgame Nemesis Aftermath Inferno Requiem");
  private static final String[] ROMAN = {"", "", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"};

  private FilmNames() {}

  private static String[] words(String s) {
    return s.split(" ");
  }

  static Genre pickGenre(Rng rng, boolean series) {
    double total = 0;
    for (Genre g : GENRES) {
      total += series && !g.series() ? 0 : g.weight();
    }
    double x = rng.uniform() * total;
    for (Genre g : GENRES) {
      double w = series && !g.series() ? 0 : g.weight();
      if (x < w) {
        return g;
      }
      x -= w;
    }
    return GENRES.get(0);
  }

  private static String any(Rng rng, String[] a) {
    return a[rng.below(a.length)];
  }

  /** A "core" name: two words of the genre, e.g. "Crimson Empire". */
  private static String core(Rng rng, Genre g) {
    return any(rng, g.adjectives()) + " " + any(rng, g.nouns());
  }

  /** One stand-alone title in the genre. */
  static String single(Rng rng, Genre g) {
    int pattern = rng.below(100);
    String a = any(rng, g.adjectives());
    String n = any(rng, g.nouns());
    if (pattern < 30) {
      return "The " + a + " " + n;
    } else if (pattern < 52) {
      return a + " " + n;
    } else if (pattern < 66) {
      return "The " + n + " of the " + any(rng, g.adjectives()) + " " + any(rng, g.nouns());
    } else if (pattern < 74) {
      return n + " in " + any(rng, PLACES);
    } else if (pattern < 82) {
      return any(rng, NAMES) + "'s " + n;
    } else if (pattern < 85) {
      // a comma in the title, as in "Crouching Tiger, Hidden Dragon"
      return a + " " + n + ", " + any(rng, g.adjectives()) + " " + any(rng, g.nouns());
    } else if (pattern < 86) {
      return "Goodbye, " + any(rng, NAMES);
    } else if (pattern < 87) {
      return plural(n) + ", " + plural(any(rng, g.nouns())) + " and " + plural(any(rng, g.nouns()));
    } else if (pattern < 94) {
      return g.name().equals("Documentary") ? n + ": The " + a + " Story"
          : any(rng, NAMES) + " and the " + a + " " + n;
    } else {
      return "Return to " + any(rng, PLACES);
    }
  }

  /**
   * The titles of a franchise of {@code size} films in order, sharing one name, in one of
   * three styles: numbered ("Lethal Siege 2"), Roman with subtitles ("Lethal Siege III:
   * Reckoning"), or named sequels ("Return of the Lethal Siege").
   */
  static String[] franchise(Rng rng, Genre g, int size) {
    String core = core(rng, g);
    String[] out = new String[size];
    int style = rng.below(3);
    boolean article = rng.below(2) == 0;
    out[0] = (article ? "The " : "") + core;
    for (int i = 1; i < size; i++) {
      int n = i + 1;
      switch (style) {
        case 0 -> out[i] = out[0] + " " + n;
        case 1 -> out[i] = out[0] + " " + (n < ROMAN.length ? ROMAN[n] : Integer.toString(n))
            + ": " + any(rng, SUBTITLES);
        default -> out[i] = switch (i) {
          case 1 -> "Return of the " + core;
          case 2 -> "Revenge of the " + core;
          case 3 -> "Rise of the " + core;
          default -> core + " " + (n < ROMAN.length ? ROMAN[n] : Integer.toString(n)) + ": "
              + any(rng, SUBTITLES);
        };
      }
    }
    return out;
  }

  /** The seasons of a TV series: "Harbor Lights: Season 1" ... */
  static String[] series(Rng rng, Genre g, int size) {
    String show = rng.below(3) == 0 ? "The " + plural(any(rng, g.nouns())) : core(rng, g);
    String[] out = new String[size];
    for (int i = 0; i < size; i++) {
      out[i] = show + ": Season " + (i + 1);
    }
    return out;
  }

  /** English plural of a noun of these lists: Companies, Beaches, Convoys, Wells. */
  static String plural(String noun) {
    int n = noun.length();
    char last = noun.charAt(n - 1);
    if (last == 'y' && n > 1 && "aeiou".indexOf(noun.charAt(n - 2)) < 0) {
      return noun.substring(0, n - 1) + "ies";
    }
    if (last == 's' || last == 'x' || last == 'z' || noun.endsWith("ch") || noun.endsWith("sh")) {
      return noun + "es";
    }
    return noun + "s";
  }

  /** True when none of the titles is taken yet; then takes them all. */
  static boolean claim(Set<String> used, String[] titles) {
    for (String t : titles) {
      if (used.contains(t)) {
        return false;
      }
    }
    for (String t : titles) {
      if (!used.add(t)) { // the same title twice within one work
        for (String u : titles) {
          used.remove(u);
        }
        return false;
      }
    }
    return true;
  }
}

package netflixjobs.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ArgsTest {
  @Test
  void genericOptionsComeFirstAndLeaveTheProgramItsOwnFlags() {
    assertEquals(4, ToolMain.genericOptionsEnd(new String[] {"-D", "a=b", "-Dc=d", "-fs", "file:///", "--files", "3"}) - 1);
    assertEquals(0, ToolMain.genericOptionsEnd(new String[] {"--files", "3", "-D", "a=b"}));
  }

  @Test
  void numbersMayBeWrittenAsPowers() {
    assertEquals(1_000_000_000L, Args.parseLong("10^9"));
    assertEquals(1_000_000_000L, Args.parseLong("1e9"));
    assertEquals(2_500L, Args.parseLong("2_500"));
  }

  @Test
  void aBadValueNamesItsOption() {
    Args a = new Args("x", "[--n N]").value("n", "N", "a count");
    a.parse(new String[] {"--n", "twelve"});
    UsageException e = assertThrows(UsageException.class, () -> a.intValue("n", 1, 0, 10));
    assertEquals("--n wants a whole number, not 'twelve'.", e.getMessage());
  }
}

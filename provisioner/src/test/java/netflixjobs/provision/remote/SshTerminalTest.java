package netflixjobs.provision.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** ssh asks for a terminal only when this side has one, so redirected output keeps its bytes (no CR LF). */
class SshTerminalTest {
  @Test void aTerminalOnlyWithAConsole() {
    assertEquals("-t", Ssh.terminalOption(true));
    assertEquals("-T", Ssh.terminalOption(false));
  }
}

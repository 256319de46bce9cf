package netflixjobs.provision.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Processes of this machine as Linux's /proc shows them: a process's command line (to tell our
 * daemons from a process that reused their PID), the processes whose command line mentions a
 * path (a cluster's YARN containers, which outlive a killed NodeManager), the TCP ports a process
 * listens on, and stopping by PID.
 */
final class Procs {
  private static final Path PROC = Path.of("/proc");

  private Procs() {}

  /** The arguments of a live process (empty for a process that is gone, a zombie, or not ours to read). */
  static List<String> commandLine(long pid) {
    try {
      byte[] b = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline"));
      List<String> args = new ArrayList<>();
      int start = 0;
      for (int i = 0; i < b.length; i++) {
        if (b[i] == 0) {
          args.add(new String(b, start, i - start, StandardCharsets.UTF_8));
          start = i + 1;
        }
      }
      if (start < b.length) args.add(new String(b, start, b.length - start, StandardCharsets.UTF_8));
      return args;
    } catch (IOException e) {
      return List.of();
    }
  }

  /** Whether {@code pid} is alive and its command line holds every one of {@code marks}. */
  static boolean runs(long pid, List<String> marks) {
    if (pid <= 0) return false;
    List<String> args = commandLine(pid);
    return !args.isEmpty() && args.containsAll(marks);
  }

  /** Live processes (not this one) with an argument that contains {@code fragment}. */
  static List<Long> mentioning(String fragment) {
    List<Long> found = new ArrayList<>();
    long self = ProcessHandle.current().pid();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(PROC)) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        if (!n.chars().allMatch(Character::isDigit)) continue;
        long pid = Long.parseLong(n);
        if (pid == self) continue;
        for (String a : commandLine(pid)) {
          if (a.contains(fragment)) {
            found.add(pid);
            break;
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list processes in /proc: " + e.getMessage(), e);
    }
    return found;
  }

  /** TCP ports {@code pid} listens on (IPv4 and IPv6). */
  static Set<Integer> listeningPorts(long pid) {
    Set<String> inodes = new HashSet<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(PROC.resolve(Long.toString(pid)).resolve("fd"))) {
      for (Path fd : fds) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) inodes.add(target.substring(8, target.length() - 1));
        } catch (IOException ignored) {
          // the descriptor closed meanwhile
        }
      }
    } catch (IOException e) {
      return Set.of();
    }
    Set<Integer> ports = new TreeSet<>();
    for (String table : List.of("tcp", "tcp6")) {
      try {
        for (String line : Files.readAllLines(PROC.resolve("net").resolve(table))) {
          String[] f = line.trim().split("\\s+");
          if (f.length < 10 || !f[3].equals("0A") || !inodes.contains(f[9])) continue;
          String local = f[1];
          ports.add(Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16));
        }
      } catch (IOException ignored) {
        // no IPv6 on this machine
      }
    }
    return ports;
  }

  /** SIGTERM to every live one, SIGKILL to those still alive after {@code grace}; returns those that would not die. */
  static List<Long> stop(List<Long> pids, Duration grace) {
    List<ProcessHandle> live = new ArrayList<>();
    for (long pid : pids) ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(live::add);
    live.forEach(ProcessHandle::destroy);
    long end = System.nanoTime() + grace.toNanos();
    while (live.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < end) sleep(100);
    live.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (live.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < end) sleep(50);
    return live.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
  }

  static boolean alive(long pid) {
    Optional<ProcessHandle> h = ProcessHandle.of(pid);
    return h.isPresent() && h.get().isAlive() && !commandLine(pid).isEmpty();
  }

  static void sleep(long ms) { netflixjobs.provision.model.Problem.pause(java.time.Duration.ofMillis(ms)); }

}

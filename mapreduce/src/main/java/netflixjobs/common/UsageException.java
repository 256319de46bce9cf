package netflixjobs.common;

/** Bad arguments or an unusable input: one sentence for the user, exit code 2. */
public class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}

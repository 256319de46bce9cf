package netflixjobs.common;

/** The run started but could not finish as asked (a failed job, too many bad records): exit 1. */
public class FailedException extends RuntimeException {
  public FailedException(String message) {
    super(message);
  }

  public FailedException(String message, Throwable cause) {
    super(message, cause);
  }
}

package netflixjobs.provision.cloud;

import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;
import netflixjobs.provision.model.Problem;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * Calls that name a resource EC2 has only just created. EC2 is eventually consistent: right after
 * CreateSecurityGroup, CreateKeyPair or RunInstances it may answer InvalidGroup.NotFound,
 * InvalidKeyPair.NotFound or InvalidInstanceID.NotFound for a while ("Eventual consistency in the
 * Amazon EC2 API", https://docs.aws.amazon.com/ec2/latest/devguide/eventual-consistency.html: back
 * off exponentially, up to a few minutes). Those answers are retried here, with the SDK's backoff,
 * until a bounded window passes; every other error keeps the client's own retries and meaning.
 * (The SDK's retry strategy could retry these codes too, but only with one attempt count for all
 * errors, which would change how long capacity or throttling errors are retried.)
 */
final class AfterCreate {
  static final Set<String> NOT_YET_VISIBLE = Set.of("InvalidGroup.NotFound", "InvalidKeyPair.NotFound", "InvalidInstanceID.NotFound");
  private static final Duration MAX_DELAY = Duration.ofSeconds(20);

  private AfterCreate() {}

  /** How long a new resource may stay invisible: 3 minutes at the default 500 ms retry base; tests shorten the base. */
  static Duration window(Duration retryBase) { return retryBase.multipliedBy(360); }

  /** Runs {@code call}, again while EC2 says the new resource does not exist, until {@link #window} has passed. */
  static <T> T call(String doing, Duration retryBase, Supplier<T> call) {
    Duration window = window(retryBase);
    long deadline = System.nanoTime() + window.toNanos();
    BackoffStrategy backoff = BackoffStrategy.exponentialDelayHalfJitter(retryBase, MAX_DELAY);
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (AwsServiceException e) {
        if (!NOT_YET_VISIBLE.contains(Ec2Errors.code(e))) throw Ec2Errors.explain(doing, e);
        long left = deadline - System.nanoTime();
        if (left <= 0)
          throw Problem.failed("EC2 still did not know the new resource " + describe(window) + " after creating it, while " + doing
              + " (" + Ec2Errors.message(e) + "); EC2 is eventually consistent and usually catches up sooner: run the command again", e);
        sleep(Math.min(backoff.computeDelay(attempt).toNanos(), left));
      } catch (SdkException e) {
        throw Ec2Errors.explain(doing, e);
      }
    }
  }

  private static String describe(Duration d) {
    return d.toSeconds() >= 120 ? d.toMinutes() + " minutes" : d.toMillis() >= 10_000 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  private static void sleep(long nanos) { Problem.pause(Duration.ofNanos(nanos)); }

}

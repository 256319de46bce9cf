package netflixjobs.provision.cloud;

import netflixjobs.provision.model.Problem;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Turns SDK exceptions into one sentence for the user: AWS's own message, never a stack trace. */
public final class Ec2Errors {
  private Ec2Errors() {}

  public static String code(Throwable e) {
    return e instanceof AwsServiceException a && a.awsErrorDetails() != null ? a.awsErrorDetails().errorCode() : null;
  }

  public static String message(Throwable e) {
    if (e instanceof AwsServiceException a && a.awsErrorDetails() != null) {
      String m = a.awsErrorDetails().errorMessage();
      return a.awsErrorDetails().errorCode() + (m == null ? "" : ": " + m);
    }
    if (e instanceof Problem) return e.getMessage();
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }

  /** The problem to report for a failed call made while doing {@code doing} (e.g. "starting the workers"). */
  public static Problem explain(String doing, RuntimeException e) {
    if (e instanceof Problem p) return p;
    String code = code(e);
    String msg = message(e);
    if (code == null) {
      if (e instanceof SdkClientException && msg.toLowerCase().contains("credential")) // e.g. an expired login mid-run
        return Problem.usage("the AWS credentials stopped working while " + doing + ": " + Aws.detail(e)
            + (msg.contains("SSO") ? " (aws sso login --profile NAME renews an IAM Identity Center login)" : ""));
      return Problem.failed("could not reach EC2 while " + doing + ": " + msg, e);
    }
    switch (code) {
      case "AuthFailure", "InvalidClientTokenId", "SignatureDoesNotMatch", "UnrecognizedClientException", "InvalidAccessKeyId":
        return Problem.usage("AWS rejected the credentials while " + doing + " (" + msg + ")");
      case "UnauthorizedOperation", "AccessDenied", "AccessDeniedException":
        return Problem.failed("these credentials may not do this (" + doing + "): " + msg);
      case "InsufficientInstanceCapacity", "InsufficientCapacity", "Unsupported":
        return Problem.failed("EC2 has not enough capacity for this instance type in this zone right now (" + msg
            + "); try another --instance-type, another --subnet (zone), or later");
      case "InstanceLimitExceeded", "VcpuLimitExceeded", "MaxSpotInstanceCountExceeded", "SpotMaxPriceTooLow":
        return Problem.failed("EC2 refused to start the instances (" + msg + ")");
      case "InvalidInstanceType":
        return Problem.usage("unknown instance type (" + msg + ")");
      case "InvalidKeyPair.NotFound", "InvalidSubnetID.NotFound", "InvalidAMIID.NotFound", "InvalidAMIID.Malformed",
           "InvalidSubnetID.Malformed", "ParameterNotFound", "InvalidParameterValue":
        return Problem.usage(msg);
      default:
        return Problem.failed("EC2 failed while " + doing + ": " + msg, e);
    }
  }
}

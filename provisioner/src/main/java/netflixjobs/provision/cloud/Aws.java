package netflixjobs.provision.cloud;

import java.io.PrintStream;
import netflixjobs.provision.model.Problem;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/** Resolves the region and credentials (flags, else the SDK's default chains) and checks both before any call. */
public final class Aws {
  private Aws() {}

  public static Ec2Cloud connect(String region, String profile, PrintStream out) {
    return new Ec2Cloud(Ec2Cloud.Settings.of(region(region, profile), credentials(profile)), out);
  }

  public static Region region(String name, String profile) {
    String r = name;
    if (r == null || r.isBlank()) {
      try {
        r = (profile != null ? new AwsProfileRegionProvider(null, profile) : new DefaultAwsRegionProviderChain()).getRegion().id();
      } catch (SdkException | IllegalStateException e) {
        throw Problem.usage("no AWS region given: pass --region, set it in conf/provision.properties, or set AWS_REGION");
      }
    }
    Region region = Region.of(r);
    if (!Region.regions().contains(region) || region.isGlobalRegion())
      throw Problem.usage("unknown AWS region " + r + " (for example us-east-1, eu-west-1)");
    return region;
  }

  public static AwsCredentialsProvider credentials(String profile) {
    AwsCredentialsProvider p;
    try {
      p = profile != null && !profile.isBlank()
          ? ProfileCredentialsProvider.builder().profileFile(ProfileFile::defaultProfileFile).profileName(profile).build()
          : DefaultCredentialsProvider.builder().build();
      p.resolveCredentials();
    } catch (SdkException | IllegalArgumentException | IllegalStateException e) {
      throw Problem.usage(profile != null && !profile.isBlank()
          ? "no AWS credentials for profile " + profile + " (check ~/.aws/credentials or run aws configure --profile " + profile + ")"
          : "no AWS credentials found (run aws configure, set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or pass --profile)");
    }
    return p;
  }
}
